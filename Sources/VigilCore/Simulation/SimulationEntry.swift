import FoundationEssentials

/// One line of `vigil simulate`'s output: a decision the engine made (or an answer it gave for a
/// check it did not let touch its target) at an offset of the virtual clock.
public struct SimulationEntry: Sendable, Equatable {
    /// Time since the replay's start.
    public var offset: Duration
    /// The virtual wall-clock time, as the engine saw it.
    public var date: Date
    public var event: JournalEvent

    public init(offset: Duration, date: Date, event: JournalEvent) {
        self.offset = offset
        self.date = date
        self.event = event
    }

    public var check: String? { event.value(of: "CHECK") }

    /// The journal's `DECISION`, else the kind of entry (`check-critical`, `check-soft-change`).
    public var decision: String { event.value(of: "DECISION") ?? event.kind?.rawValue ?? "-" }

    /// The widest decision column: `check-soft-change`.
    static let decisionWidth = 17

    /// `+1m30s     database  run               database: plan restart-db runs …`, columns aligned
    /// for checks names up to `checkWidth` characters.
    public func text(checkWidth: Int) -> String {
        let columns = [pad(ReplayOffset.format(offset), 9), pad(check ?? "-", checkWidth), pad(decision, Self.decisionWidth)]
        return columns.joined(separator: " ") + " " + event.message
    }

    /// One JSON object: offset, virtual time, kind, priority, message and every journal field.
    public var json: String {
        let line = JSONLine(at: ReplayOffset.format(offset), time: WallClock.text(date), kind: event.kind?.rawValue,
                            priority: event.priority.name, message: event.message,
                            fields: Dictionary(event.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first }))
        return SimulationJSON.encode(line)
    }

    private struct JSONLine: Encodable {
        var at: String
        var time: String
        var kind: String?
        var priority: String
        var message: String
        var fields: [String: String]
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}

/// Compact JSON with sorted keys, so the same replay prints the same bytes every time.
enum SimulationJSON {
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
