import FoundationEssentials
import VigilCore
import VigilFiles

/// Writes `status.json` (the live report `vigil status` and people read) whole: a temp file,
/// fsync, rename over the old one, fsync of the folder, so a crash never leaves half a file.
public struct StatusFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// `status.json` in the runtime directory.
    public static func path(for settings: DaemonSettings, environment: [String: String]) -> String {
        RuntimeDirectory.path(for: settings, environment: environment) + "/status.json"
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
