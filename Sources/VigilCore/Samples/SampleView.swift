/// status.json's `samples`: each `[[sample]]` as `vigil samples` shows it: its window, the mean,
/// the last reading and what holds now.
public struct SampleView: Codable, Equatable, Sendable {
    public var name: String
    /// `sql`, `http`.
    public var kind: String
    /// The window's size (`window`).
    public var window: Int
    /// The durations in it, oldest first, in milliseconds.
    public var durationsMs: [Double]
    public var meanMs: Double?
    /// The last sample: its duration, or the error it failed with.
    public var lastMs: Double?
    public var lastError: String?
    /// The findings that hold, in words; empty when it behaves.
    public var findings: [String]
    /// A unit's or a process's last memory reading and share of a core.
    public var memoryBytes: Double?
    public var cpuPercent: Double?

    public init(name: String, kind: String, window: Int, durationsMs: [Double], meanMs: Double?, lastMs: Double?,
                lastError: String?, findings: [String], memoryBytes: Double? = nil, cpuPercent: Double? = nil) {
        self.name = name
        self.kind = kind
        self.window = window
        self.durationsMs = durationsMs
        self.meanMs = meanMs
        self.lastMs = lastMs
        self.lastError = lastError
        self.findings = findings
        self.memoryBytes = memoryBytes
        self.cpuPercent = cpuPercent
    }

    /// `ok`, `warming up`, or the findings.
    public var state: String {
        if !findings.isEmpty { return findings.joined(separator: "; ") }
        if memoryBytes == nil, durationsMs.count < window { return "warming up (\(durationsMs.count) of \(window))" }
        return "ok"
    }
}
