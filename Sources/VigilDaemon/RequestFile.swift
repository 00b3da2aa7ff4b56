import FoundationEssentials
import Glibc
import VigilFiles

/// The JSON request files `vigil ack`, `vigil silence` and `vigil rollback` leave in the runtime
/// folder for the daemon to take on SIGUSR1: written whole, and taken by removing them first, so a
/// request acts once however many takers there are.
enum RequestFile {
    enum Taken<Request> {
        case request(Request)
        /// Removed all the same, so that it is said once, not on every signal.
        case notARequest
    }

    /// Leaves `request` at `path`, in `directory` made as `ResumeRequests` makes its own (0755,
    /// the runtime folder's owner), so a daemon running as its own user can remove what root posted.
    static func post(_ request: some Encodable, to path: String, in directory: String) throws {
        try ResumeRequests.makeRequestDirectory(directory)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.replace(path, with: try encoder.encode(request) + Data("\n".utf8), mode: 0o644, directoryMode: 0o755)
    }

    /// The regular file at `path`, removed and decoded; nil when there is none, or another taker
    /// removed it first.
    static func take<Request: Decodable>(_ path: String, as type: Request.Type) -> Taken<Request>? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let data = try? Data(contentsOf: URL(fileURLWithPath: path))
        guard unlink(path) == 0 else { return nil }
        guard let data, let request = try? JSONDecoder().decode(type, from: data) else { return .notARequest }
        return .request(request)
    }
}
