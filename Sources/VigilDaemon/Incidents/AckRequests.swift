import FoundationEssentials
import Glibc
import VigilCore

/// `vigil ack ID` asks the running daemon to acknowledge an incident as `vigil resume` asks for a
/// plan: a file `<runtime_dir>/ack/INC-…` (who, and an optional note) and SIGUSR1. The file
/// carries what the signal cannot, and survives a signal coalesced with a resume request.
public struct AckRequests: Sendable {
    /// One request as the daemon takes it.
    public struct Request: Codable, Equatable, Sendable {
        public var id: IncidentID
        public var by: String
        public var note: String?

        public init(id: IncidentID, by: String, note: String?) {
            self.id = id
            self.by = by
            self.note = note
        }
    }

    /// `<runtime_dir>/ack`.
    public let directory: String

    /// The requests of the daemon whose status file is `statusPath` (they share the runtime folder).
    public init(besideStatusFile statusPath: String) {
        directory = URL(fileURLWithPath: statusPath).deletingLastPathComponent().path + "/ack"
    }

    public func path(for id: IncidentID) -> String {
        directory + "/\(id)"
    }

    /// Leaves the request, whole; the folder is made as `ResumeRequests` makes its own (0755, the
    /// runtime folder's owner), so a daemon running as its own user can remove what root posted.
    public func post(_ request: Request) throws {
        try RequestFile.post(request, to: path(for: request.id), in: directory)
    }

    public func isPending(_ id: IncidentID) -> Bool {
        access(path(for: id), F_OK) == 0
    }

    /// The requests posted since the last call, in id order, each removed (only the caller whose
    /// removal succeeded gets one, so a request acts once). A file that is not a request is
    /// removed too and returned as a problem, so it is said once, not on every signal.
    public func take() -> (requests: [Request], problems: [String]) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var requests: [Request] = []
        var problems: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = directory + "/" + name
            switch RequestFile.take(path, as: Request.self) {
            case nil: continue
            case .request(let request)? where "\(request.id)" == name: requests.append(request)
            default: problems.append(path)
            }
        }
        return (requests, problems)
    }
}
