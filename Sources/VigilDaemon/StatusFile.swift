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

    func write(_ document: StatusDocument) throws(FileWriteError) {
        let data = document.json() + Data("\n".utf8)
        try AtomicFile.replace(path, with: data, mode: 0o644, directoryMode: 0o755)
    }

    /// What the daemon last wrote.
    public func read() throws -> StatusDocument {
        try StatusDocument.decode(json: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
