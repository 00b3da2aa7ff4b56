import FoundationEssentials

/// `vigil security`: every security check run once, as the seed's SecurityValidationPipeline
/// reports it (`timestamp`, `checks`, `passed`, `criticalIssues`). Passed while no check has a
/// CRITICAL issue.
public struct SecurityReport: Sendable, Equatable, Codable {
    /// One finding: what and where, in words an operator can act on.
    public struct Issue: Sendable, Equatable, Codable {
        public var check: String
        public var severity: Status
        public var description: String

        public init(check: String, severity: Status, description: String) {
            self.check = check
            self.severity = severity
            self.description = description
        }
    }

    /// One check's run: its verdict and every issue it found (the verdict names the first few).
    public struct Check: Sendable, Equatable, Codable {
        public var name: String
        public var kind: String
        public var status: Status
        public var message: String
        public var issues: [Issue]

        public init(name: String, kind: String, status: Status, message: String, issues: [Issue]) {
            self.name = name
            self.kind = kind
            self.status = status
            self.message = message
            self.issues = issues
        }
    }

    public var timestamp: Date
    public var checks: [Check]
    public var passed: Bool
    public var criticalIssues: [Issue]

    public init(checks: [Check], at timestamp: Date) {
        self.timestamp = timestamp
        self.checks = checks
        criticalIssues = checks.flatMap { $0.issues.filter { $0.severity == .critical } }
        passed = criticalIssues.isEmpty && !checks.contains { $0.status == .critical }
    }

    public func json() -> Data {
        (try? TreeJSONEncoder(prettyPrinted: true, dates: .iso8601).encode(self)) ?? Data()
    }

    /// For a terminal: the verdict, then each check and its issues.
    public var text: String {
        var lines = [passed ? "PASSED: \(checks.count) security check\(checks.count == 1 ? "" : "s"), no critical issue"
                            : "FAILED: \(criticalIssues.count) critical issue\(criticalIssues.count == 1 ? "" : "s") in \(checks.count) security check\(checks.count == 1 ? "" : "s")"]
        for check in checks {
            lines.append("")
            lines.append("\(check.name) (\(check.kind)): \(check.status.rawValue)")
            if check.issues.isEmpty {
                lines.append("  \(check.message)")
            }
            for issue in check.issues {
                lines.append("  \(issue.severity.rawValue): \(issue.description)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
