import FoundationEssentials
import VigilCore

/// `vigil rollback` asks the running daemon to roll back now, as `vigil resume` asks it to re-arm a
/// plan: a file `<runtime_dir>/rollback/request` (to which version, by whom) and SIGUSR1. The
/// daemon runs the rollback itself, so there is one actor, one state and one hold.
public struct RollbackRequests: Sendable {
    public struct Request: Codable, Equatable, Sendable {
        /// nil: the last known good.
        public var to: String?
        public var by: String

        public init(to: String?, by: String) {
            self.to = to
            self.by = by
        }
    }

    /// `<runtime_dir>/rollback`.
    public let directory: String

    public init(besideStatusFile statusPath: String) {
        directory = URL(fileURLWithPath: statusPath).deletingLastPathComponent().path + "/rollback"
    }

    public var path: String { directory + "/request" }

    /// Leaves the request, whole, in a folder made as `ResumeRequests` makes its own.
    public func post(_ request: Request) throws {
        try RequestFile.post(request, to: path, in: directory)
    }

    /// The request posted since the last call, removed (only the caller whose removal succeeded
    /// gets it); a file that is not a request is removed and returned as a problem.
    public func take() -> (request: Request?, problem: String?) {
        switch RequestFile.take(path, as: Request.self) {
        case nil: (nil, nil)
        case .request(let request)?: (request, nil)
        case .notARequest?: (nil, path)
        }
    }
}
