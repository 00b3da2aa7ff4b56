/// One structured journal entry, decided by the core and written by the journald adapter
/// (or rendered as a line on stderr when no journal is attached).
public struct JournalEvent: Sendable, Equatable {
    /// A journal field; names are upper case `[A-Z0-9_]`, never starting with `_`.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public var kind: EventKind?
    public var priority: JournalPriority
    public var message: String
    public var fields: [Field]

    public init(kind: EventKind?, priority: JournalPriority, message: String, fields: [Field] = []) {
        self.kind = kind
        self.priority = priority
        self.message = message
        self.fields = fields
    }

    public func value(of field: String) -> String? {
        fields.first(where: { $0.name == field })?.value
    }

    /// The entry for a check whose status changed; `previous` is `nil` for its first result.
    public static func statusChanged(_ result: CheckResult, previous: Status?, severity: Severity) -> JournalEvent {
        let kind: EventKind
        let priority: JournalPriority
        switch result.status {
        case .critical: (kind, priority) = (.checkCritical, .critical)
        case .warning: (kind, priority) = (.checkWarning, .warning)
        case .unknown: (kind, priority) = (.checkUnknown, .warning)
        case .healthy where previous == nil || previous == .unknown: (kind, priority) = (.checkHealthy, .info)
        case .healthy: (kind, priority) = (.checkRecovered, .notice)
        }
        let was = previous.map { " (was \($0.rawValue))" } ?? ""
        var fields = [
            Field("CHECK", result.name),
            Field("CHECK_KIND", result.kind),
            Field("STATUS", result.status.rawValue),
            Field("PREVIOUS_STATUS", (previous ?? .unknown).rawValue),
            Field("SEVERITY", severity.rawValue),
            Field("DURATION_MS", NumberText.format(result.durationMs)),
            Field("REASON", result.message),
        ]
        if let breach = result.breach {
            fields += [Field("METRIC", breach.metric), Field("VALUE", NumberText.format(breach.value)),
                       Field("THRESHOLD", NumberText.format(breach.threshold))]
        }
        for (metric, value) in result.metrics.sorted(by: { $0.key < $1.key }) {
            fields.append(Field("METRIC_" + fieldName(metric), NumberText.format(value)))
        }
        return JournalEvent(kind: kind, priority: priority,
                            message: "\(result.name) is \(result.status.rawValue)\(was): \(result.message)",
                            fields: fields)
    }

    /// A journal-safe field name: upper case, `[A-Z0-9_]` only.
    public static func fieldName(_ text: String) -> String {
        String(text.uppercased().map { ($0.isASCII && ($0.isLetter || $0.isNumber)) ? $0 : "_" })
    }
}
