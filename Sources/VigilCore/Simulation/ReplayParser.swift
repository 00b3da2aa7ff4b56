import FoundationEssentials

/// Reads a replay (JSON lines) against a configuration, so that a misspelt check or plan is an
/// error that names the known ones instead of a result the engine silently ignores.
///
/// Blank lines and lines starting with `#` are skipped. Each other line is one object:
/// `{"at": "90s", "check": "database", "status": "CRITICAL", "message": "...", "metrics": {"latency_ms": 12}}`,
/// `{"at": "5m", "resume": "restart-db"}`, or `{"at": "10m"}` (time passes, nothing else).
public enum ReplayParser {
    private static let resultKeys: Set = ["at", "check", "status", "message", "metrics", "duration_ms"]

    public static func parse(_ text: String, configuration: VigilConfiguration) throws(ReplayError) -> [ReplayRecord] {
        var records: [ReplayRecord] = []
        var problems: [ReplayError.Problem] = []
        var latest: (offset: Duration, line: Int)?
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let trimmed = line.trimmingSpaces()
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            switch record(trimmed, line: index + 1, configuration: configuration) {
            case .failure(let problem):
                problems.append(problem)
            case .success(let record):
                if let latest, record.offset < latest.offset {
                    problems.append(.init(line: record.line, message: "at: \(ReplayOffset.format(record.offset)) is before "
                                          + "\(ReplayOffset.format(latest.offset)) of line \(latest.line); times must not go backwards"))
                    continue
                }
                latest = (record.offset, record.line)
                records.append(record)
            }
        }
        guard problems.isEmpty else { throw ReplayError(problems: problems) }
        return records
    }

    private static func record(_ text: String, line: Int, configuration: VigilConfiguration) -> Result<ReplayRecord, ReplayError.Problem> {
        let fail = { (message: String) in Result<ReplayRecord, ReplayError.Problem>.failure(.init(line: line, message: message)) }
        let object: [String: ReplayValue]
        do {
            let value = try JSONDecoder().decode(ReplayValue.self, from: Data(text.utf8))
            guard case let .object(fields) = value else { return fail("expected a JSON object, got \(value.typeName)") }
            object = fields
        } catch {
            return fail("not valid JSON: \(reason(of: error))")
        }

        guard let at = object["at"] else { return fail("at: missing (every line needs a time, such as \"at\": \"90s\")") }
        let offset: Duration
        switch at {
        case .string(let text):
            guard let parsed = ReplayOffset.parse(text) else {
                return fail("at: expected a duration such as \"90s\" or \"1m30s\", or a number of seconds, got \"\(text)\"")
            }
            offset = parsed
        case .number(let seconds) where seconds.isFinite && seconds >= 0 && seconds < 1e12:
            offset = .milliseconds(Int64((seconds * 1000).rounded()))
        default:
            return fail("at: expected a duration such as \"90s\" or a number of seconds that is not negative, got \(at.typeName)")
        }

        if let plan = object["resume"] {
            if let extra = object.keys.filter({ $0 != "at" && $0 != "resume" }).sorted().first {
                return fail("\(extra): not a key of a resume line (it has only \"at\" and \"resume\")")
            }
            guard case let .string(name) = plan else { return fail("resume: expected a plan name, got \(plan.typeName)") }
            guard configuration.remediationPlans[name] != nil else {
                let known = configuration.remediationPlans.keys.sorted()
                return fail("resume: no plan named \"\(name)\"; "
                            + (known.isEmpty ? "no [remediation.NAME] plan is configured" : "configured: \(known.joined(separator: ", "))"))
            }
            return .success(ReplayRecord(line: line, offset: offset, event: .resume(plan: name)))
        }

        if let unknown = object.keys.filter({ !resultKeys.contains($0) }).sorted().first {
            return fail("\(unknown): unknown key; a line has \"at\" and either \"check\", \"status\" (and optionally "
                        + "\"message\", \"metrics\", \"duration_ms\") or \"resume\"")
        }
        if object.count == 1 { return .success(ReplayRecord(line: line, offset: offset, event: .clock)) }

        guard let checkValue = object["check"] else { return fail("check: missing (a result line needs \"check\" and \"status\")") }
        guard case let .string(check) = checkValue else { return fail("check: expected a check name, got \(checkValue.typeName)") }
        if let problem = unknownCheck(check, in: configuration) { return fail("check: \(problem)") }

        guard let statusValue = object["status"] else { return fail("status: missing (a result line needs \"check\" and \"status\")") }
        let statusNames = Status.allCases.map(\.rawValue)
        guard case let .string(statusText) = statusValue, let status = Status(rawValue: statusText.uppercased()) else {
            return fail("status: expected one of \(statusNames.joined(separator: ", ")), got \(statusValue.description)")
        }

        var message = "recorded \(status.rawValue)"
        if let value = object["message"] {
            guard case let .string(text) = value else { return fail("message: expected a string, got \(value.typeName)") }
            message = text
        }
        var metrics: [String: Double] = [:]
        if let value = object["metrics"] {
            guard case let .object(fields) = value else { return fail("metrics: expected an object of name: number, got \(value.typeName)") }
            for name in fields.keys.sorted() {
                guard case let .number(number)? = fields[name], number.isFinite else {
                    return fail("metrics.\(name): expected a number, got \(fields[name]?.typeName ?? "nothing")")
                }
                metrics[name] = number
            }
        }
        var durationMs = 0.0
        if let value = object["duration_ms"] {
            guard case let .number(number) = value, number.isFinite, number >= 0 else {
                return fail("duration_ms: expected a number of milliseconds that is not negative, got \(value.description)")
            }
            durationMs = number
        }
        return .success(ReplayRecord(line: line, offset: offset,
                                     event: .result(check: check, status: status, message: message, metrics: metrics, durationMs: durationMs)))
    }

    /// Why results of `check` cannot be replayed, or `nil` when they can.
    private static func unknownCheck(_ check: String, in configuration: VigilConfiguration) -> String? {
        if configuration.enabledChecks.contains(where: { $0.name == check }) { return nil }
        if configuration.checks.contains(where: { $0.name == check }) {
            return "\"\(check)\" is disabled (enabled = false), so the engine never sees its results"
        }
        let known = configuration.enabledChecks.map(\.name)
        return "no check named \"\(check)\"; " + (known.isEmpty ? "no check is enabled" : "configured: \(known.joined(separator: ", "))")
    }

    private static func reason(of error: any Error) -> String {
        guard case let DecodingError.dataCorrupted(context) = error else { return "\(error)" }
        return context.underlyingError.map { "\($0)" } ?? context.debugDescription
    }
}

/// Any JSON value, kept typed so every problem can be said precisely ("got a string").
private enum ReplayValue: Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([ReplayValue])
    case object([String: ReplayValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([ReplayValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: ReplayValue].self))
        }
    }

    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// A string quoted as in the replay, anything else by its type.
    var description: String {
        if case let .string(text) = self { "\"\(text)\"" } else { typeName }
    }
}
