@preconcurrency import Glibc

/// Writes one line to stderr in a single write(2), so lines from threads never interleave.
func printToStandardError(_ line: String) {
    let text = line + "\n"
    _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
}
