import FoundationEssentials

/// The text of a notification: the seed's "Incident Notification Template" by default, editable as
/// `[incidents] subject` and `template`, with `{name}` placeholders filled from the incident.
///
/// The seed writes `P{severity}`; `{severity}` renders as `P0`, and a `P` written right before it is
/// the seed's spelling, not a second one: both give `[INCIDENT] P0 - …`.
public struct NotificationTemplate: Codable, Equatable, Sendable {
    public static let placeholders: Set<String> = [
        "incident_id", "severity", "incident_title", "status", "start_time", "affected_services",
        "description", "current_actions", "next_update_time", "commander", "status_page_url",
    ]

    public static let seedSubject = "[INCIDENT] P{severity} - {incident_title}"

    public static let seedBody = """
        Incident: {incident_id}
        Severity: P{severity}
        Status: {status}
        Start Time: {start_time}
        Affected Services: {affected_services}

        Description:
        {description}

        Current Actions:
        {current_actions}

        Next Update: {next_update_time}

        Incident Commander: {commander}
        Status Page: {status_page_url}

        """

    public var subject: String
    public var body: String

    public init(subject: String = NotificationTemplate.seedSubject, body: String = NotificationTemplate.seedBody) {
        self.subject = subject
        self.body = body
    }

    /// A `{name}` that is not one of `placeholders`, where it was written (lines count from 1).
    public struct UnknownPlaceholder: Equatable, Sendable {
        public enum Part: String, Sendable {
            case subject
            case body
        }

        public var name: String
        public var line: Int
        public var part: Part

        public init(name: String, line: Int, part: Part) {
            self.name = name
            self.line = line
            self.part = part
        }
    }

    /// The filled-in values, one per placeholder.
    public struct Values: Equatable, Sendable {
        public var fields: [String: String]

        public init(fields: [String: String]) {
            self.fields = fields
        }

        /// The values of `incident`: `nextUpdate` from the book, `currentActions` from what Vigil is
        /// doing about its checks (plans running, backoff, plans awaiting `vigil resume`).
        public init(incident: Incident, nextUpdate: Date?, currentActions: String = "", statusPageURL: String = "") {
            let description = incident.checks.map { check in
                "\(check.name): \(check.status.rawValue)" + (check.reason.isEmpty ? "" : " - \(check.reason)")
            }
            fields = [
                "incident_id": incident.id.description,
                "severity": incident.severity.rawValue,
                "incident_title": incident.title,
                "status": incident.status.rawValue,
                "start_time": WallClock.text(incident.openedAt),
                "affected_services": incident.checkNames.joined(separator: ", "),
                "description": description.joined(separator: "\n"),
                "current_actions": currentActions.isEmpty ? "none" : currentActions,
                "next_update_time": nextUpdate.map(WallClock.text) ?? "none",
                "commander": incident.acknowledgedBy ?? "not assigned yet",
                "status_page_url": statusPageURL.isEmpty ? "none" : statusPageURL,
            ]
        }
    }

    /// The subject and the body with every known placeholder filled in.
    public func render(_ values: Values) -> (subject: String, body: String) {
        (Self.render(subject, values), Self.render(body, values))
    }

    /// Every unknown placeholder of the subject and the body, so the configuration can name it and its line.
    public func unknownPlaceholders() -> [UnknownPlaceholder] {
        Self.unknownPlaceholders(in: subject).map { UnknownPlaceholder(name: $0.name, line: $0.line, part: .subject) }
            + Self.unknownPlaceholders(in: body).map { UnknownPlaceholder(name: $0.name, line: $0.line, part: .body) }
    }

    /// The `{name}`s of `text` that are not `placeholders`, with their line (from 1).
    public static func unknownPlaceholders(in text: String) -> [(name: String, line: Int)] {
        var unknown: [(name: String, line: Int)] = []
        scan(text) { piece, line in
            if case let .placeholder(name) = piece, !placeholders.contains(name) { unknown.append((name, line)) }
        }
        return unknown
    }

    private static func render(_ text: String, _ values: Values) -> String {
        var output = ""
        scan(text) { piece, _ in
            switch piece {
            case let .literal(literal):
                output += literal
            case let .placeholder(name):
                guard placeholders.contains(name), var value = values.fields[name] else {
                    output += "{\(name)}"
                    return
                }
                if name == "severity", output.hasSuffix("P"), value.hasPrefix("P") { value.removeFirst() }
                output += value
            }
        }
        return output
    }

    private enum Piece {
        case literal(Substring)
        case placeholder(String)
    }

    /// Splits `text` into literal runs and `{name}`s (`name` of ASCII letters, digits and `_`);
    /// any other brace is literal text, so JSON or shell snippets pass through.
    private static func scan(_ text: String, _ visit: (Piece, Int) -> Void) {
        var line = 1
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            let literal = rest[..<open]
            visit(.literal(literal), line)
            line += literal.count(where: { $0 == "\n" })
            let afterBrace = rest.index(after: open)
            let name = rest[afterBrace...].prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            if !name.isEmpty, name.endIndex < rest.endIndex, rest[name.endIndex] == "}" {
                visit(.placeholder(String(name)), line)
                rest = rest[rest.index(after: name.endIndex)...]
            } else {
                visit(.literal(rest[open..<afterBrace]), line)
                rest = rest[afterBrace...]
            }
        }
        visit(.literal(rest), line)
    }
}
