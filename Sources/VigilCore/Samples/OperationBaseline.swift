/// What a sampled operation's recent past was: its last `window` durations and memory readings,
/// oldest first. This is what persists across restarts and reloads (a few numbers per operation,
/// saved when a sample changes them), unless the sample now measures something else.
public struct OperationBaseline: Sendable, Equatable, Codable {
    /// What the operation measures (its kind and target), to tell a reload that points the sample
    /// elsewhere: that one starts afresh.
    public var measures: String
    /// Milliseconds, oldest first.
    public var durations: [Double] = []
    /// Bytes, oldest first.
    public var memory: [Double] = []

    public init(measures: String, durations: [Double] = [], memory: [Double] = []) {
        self.measures = measures
        self.durations = durations
        self.memory = memory
    }

    /// The mean of the durations; nil before any.
    public var meanDuration: Double? {
        durations.isEmpty ? nil : durations.reduce(0, +) / Double(durations.count)
    }

    /// Appends `value`, keeping the newest `window`.
    static func push(_ value: Double, onto values: inout [Double], window: Int) {
        values.append(value)
        if values.count > window { values.removeFirst(values.count - window) }
    }
}
