@preconcurrency import Glibc

/// Writes one line to stderr in a single write(2), so lines from threads never interleave.
func printToStandardError(_ line: String, newline: Bool = true) {
    let text = line + (newline ? "\n" : "")
    _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
}
