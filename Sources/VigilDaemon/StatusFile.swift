import Foundation
import VigilCore

/// Writes `status.json` (the live report `vigil status` and people read) whole: a temp file,
/// fsync, rename over the old one, fsync of the folder, so a crash never leaves half a file.
public struct StatusFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// `[daemon] runtime_dir`, else systemd's `$RUNTIME_DIRECTORY`, else `/run/vigil`.
    public static func path(for settings: DaemonSettings, environment: [String: String]) -> String {
        let directory = settings.runtimeDirectory
            ?? environment["RUNTIME_DIRECTORY"].flatMap { $0.split(separator: ":").first.map(String.init) }
            ?? "/run/vigil"
        return directory + "/status.json"
    }

    func write(_ report: HealthReport) throws(StatusFileError) {
        let directory = (path as NSString).deletingLastPathComponent
        try Self.ensureDirectory(directory)
        let temporary = "\(directory)/.status.json.\(getpid()).tmp"
        let data = report.json(prettyPrinted: true) + Data("\n".utf8)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw StatusFileError(path: temporary, operation: "open") }
        let written = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced else {
            unlink(temporary)
            throw StatusFileError(path: temporary, operation: "write")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw StatusFileError(path: path, operation: "rename")
        }
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    /// The report the daemon last wrote.
    public func read() throws -> HealthReport {
        try HealthReport.decode(json: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    private static func ensureDirectory(_ directory: String) throws(StatusFileError) {
        var info = stat()
        if stat(directory, &info) == 0 { return }
        guard mkdir(directory, 0o755) == 0 || errno == EEXIST else {
            throw StatusFileError(path: directory, operation: "mkdir")
        }
    }
}

/// Why the status file could not be written, with the system's reason.
struct StatusFileError: Error, CustomStringConvertible {
    let path: String
    let operation: String
    let reason = String(cString: strerror(errno))

    var description: String { "\(operation) \(path): \(reason)" }
}
