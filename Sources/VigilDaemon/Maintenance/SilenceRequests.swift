import FoundationEssentials
import Glibc
import VigilCore

/// `vigil silence` asks the running daemon as `vigil ack` does: a file `<runtime_dir>/silence/TOKEN`
/// (what to add or remove, and who asks) and SIGUSR1. The daemon makes the silence and lists it in
/// status.json with the request's token, which is how the command finds the id it was given.
public struct SilenceRequests: Sendable {
    /// One request as the daemon takes it: `add` or `remove`, never both.
    public struct Request: Codable, Equatable, Sendable {
        public struct Addition: Codable, Equatable, Sendable {
            /// Empty means every check.
            public var checks: [String]
            /// How long it lasts from when the daemon takes it.
            public var seconds: Double
            public var reason: String

            public init(checks: [String], seconds: Double, reason: String) {
                self.checks = checks
                self.seconds = seconds
                self.reason = reason
            }
        }

        /// The file's name: 32 hex digits.
        public var token: String
        public var by: String
        public var add: Addition?
        /// The id of the silence to end.
        public var remove: String?

        public init(token: String, by: String, add: Addition? = nil, remove: String? = nil) {
            self.token = token
            self.by = by
            self.add = add
            self.remove = remove
        }

        public var isValid: Bool {
            (add == nil) != (remove == nil) && token.count == 32 && token.allSatisfy(\.isHexDigit)
                && (add.map { $0.seconds > 0 && $0.seconds.isFinite } ?? true)
        }
    }

    /// `<runtime_dir>/silence`.
    public let directory: String

    public init(besideStatusFile statusPath: String) {
        directory = URL(fileURLWithPath: statusPath).deletingLastPathComponent().path + "/silence"
    }

    public func path(for token: String) -> String {
        directory + "/" + token
    }

    /// A fresh token for a request.
    public static func newToken() -> String {
        (0..<4).map { _ in String(UInt32.random(in: .min ... .max), radix: 16) }
            .map { String(repeating: "0", count: 8 - $0.count) + $0 }.joined()
    }

    /// Leaves the request, whole, in a folder made as `ResumeRequests` makes its own.
    public func post(_ request: Request) throws {
        try RequestFile.post(request, to: path(for: request.token), in: directory)
    }

    public func isPending(_ token: String) -> Bool {
        access(path(for: token), F_OK) == 0
    }

    /// The requests posted since the last call, in name order, each removed first (so a request acts
    /// once); a file that is not a request is removed and returned as a problem.
    public func take() -> (requests: [Request], problems: [String]) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var requests: [Request] = []
        var problems: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = directory + "/" + name
            switch RequestFile.take(path, as: Request.self) {
            case nil: continue
            case .request(let request)? where request.token == name && request.isValid: requests.append(request)
            default: problems.append(path)
            }
        }
        return (requests, problems)
    }
}
