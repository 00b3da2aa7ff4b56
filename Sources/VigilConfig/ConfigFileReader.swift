import FoundationEssentials
import Glibc
import VigilCore

/// Turns the configured paths into file texts: directories become their `*.toml` files in lexical
/// order, and a file that others than its owner may write is refused, as sshd's StrictModes does,
/// because whoever can edit the config can make Vigil run any command.
enum ConfigFileReader {
    struct File: Sendable {
        var path: String
        var text: String
    }

    /// The files found and every error met on the way.
    static func read(paths: [String], optionalPaths: Set<String>) -> (files: [File], errors: [ConfigError]) {
        var files: [File] = []
        var errors: [ConfigError] = []
        for path in paths {
            var status = stat()
            guard stat(path, &status) == 0 else {
                let reason = String(cString: strerror(errno))
                if errno == ENOENT, optionalPaths.contains(path) { continue }
                errors.append(ConfigError(file: path, message: "cannot read: \(reason)"))
                continue
            }
            if (status.st_mode & S_IFMT) == S_IFDIR {
                do {
                    let names = try FileManager.default.contentsOfDirectory(atPath: path)
                        .filter { $0.hasSuffix(".toml") && !$0.hasPrefix(".") }
                        .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
                    for name in names {
                        let filePath = (path.hasSuffix("/") ? path : path + "/") + name
                        readFile(filePath, into: &files, errors: &errors)
                    }
                } catch {
                    errors.append(ConfigError(file: path, message: "cannot list directory: \(ErrorText.describe(error))"))
                }
            } else {
                readFile(path, into: &files, errors: &errors)
            }
        }
        return (files, errors)
    }

    private static func readFile(_ path: String, into files: inout [File], errors: inout [ConfigError]) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            errors.append(ConfigError(file: path, message: "cannot read: \(String(cString: strerror(errno)))"))
            return
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            errors.append(ConfigError(file: path, message: "not a regular file"))
            return
        }
        let mode = status.st_mode & 0o7777
        if mode & 0o022 != 0 {
            let who = mode & 0o020 != 0 ? (mode & 0o002 != 0 ? "group- and world-writable" : "group-writable") : "world-writable"
            errors.append(ConfigError(file: path, message: "is \(who) (mode \(String(mode, radix: 8, uppercase: false).leftPadded(to: 4))): "
                                      + "anyone who can edit it controls what Vigil runs; fix with chmod go-w \(path)"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            errors.append(ConfigError(file: path, message: "cannot read: \(String(cString: strerror(errno)))"))
            return
        }
        guard let text = String(data: data, encoding: .utf8) else {
            errors.append(ConfigError(file: path, message: "is not valid UTF-8"))
            return
        }
        files.append(File(path: path, text: text))
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
