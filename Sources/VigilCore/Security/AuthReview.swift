/// The authentication flow's verdict on what the endpoint answered: anything accepted without a
/// valid credential is an authentication bypass; a valid credential refused is an outage of its
/// own. Pure: the answers are gathered elsewhere, and no credential ever reaches here.
public enum AuthReview {
    /// One request of the flow and the status it got.
    public struct Attempt: Sendable, Equatable {
        public enum Credential: String, Sendable {
            case none = "without credentials"
            case wrong = "with a wrong credential"
            case expired = "with the expired credential"
            case valid = "with the valid credential"
        }

        public var credential: Credential
        public var status: Int

        public init(_ credential: Credential, _ status: Int) {
            self.credential = credential
            self.status = status
        }
    }

    public static func observation(_ attempts: [Attempt], _ settings: AuthCheckSettings) -> Observation {
        let request = "\(settings.method) \(settings.url)"
        var issues: [String] = []
        for attempt in attempts {
            let accepted = isAccepted(attempt.status, settings)
            switch attempt.credential {
            case .none, .wrong, .expired:
                if (200..<300).contains(attempt.status) || accepted {
                    issues.append("authentication bypass: \(request) answered \(attempt.status) \(attempt.credential.rawValue)")
                } else if !settings.refusedStatus.contains(attempt.status) {
                    issues.append("\(request) answered \(attempt.status) \(attempt.credential.rawValue), expected \(list(settings.refusedStatus))")
                }
            case .valid:
                if !accepted {
                    issues.append("\(request) refused the valid credential: \(attempt.status), expected \(settings.acceptedStatus.map(list) ?? "2xx")")
                }
            }
        }
        guard issues.isEmpty else { return Observation(status: .critical, message: issues.joined(separator: "; "), issues: issues) }
        let refused = attempts.filter { $0.credential != .valid }.map { "\($0.credential.rawValue) \($0.status)" }.joined(separator: ", ")
        let valid = attempts.first { $0.credential == .valid }.map { "\($0.status)" } ?? "?"
        return Observation(message: "\(request): refused \(refused); accepted with the valid credential \(valid)")
    }

    static func isAccepted(_ status: Int, _ settings: AuthCheckSettings) -> Bool {
        settings.acceptedStatus.map { $0.contains(status) } ?? (200..<300).contains(status)
    }

    static func list(_ statuses: [Int]) -> String {
        statuses.count <= 1 ? statuses.map(String.init).joined() : statuses.dropLast().map(String.init).joined(separator: ", ") + " or \(statuses.last!)"
    }
}
