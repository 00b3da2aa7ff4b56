/// What a sample's judgement found wrong with its operation; each is a journal entry of its own
/// kind when it begins, and the sample is WARNING (or CRITICAL) while any holds.
public enum SampleFinding: Sendable, Equatable {
    /// Slower than `factor` × the baseline: the sample's duration, the baseline's mean, their ratio.
    case degraded(durationMs: Double, baselineMs: Double, ratio: Double)
    /// Memory grew by `deltaBytes` across the window, to `memoryBytes`.
    case memoryGrowth(memoryBytes: Double, deltaBytes: Double)
    /// A steady climb over the leak window, at `megabytesPerHour`.
    case memoryLeak(memoryBytes: Double, megabytesPerHour: Double)
    /// CPU share of one core averaged over `cpu_for`.
    case cpu(percent: Double)
    /// The operation itself failed, with its error (the seed's `success: false` metric).
    case failed(error: String)

    /// Stable names, one per kind: what began and what ended is told by comparing these.
    public enum Kind: String, Sendable, Codable, CaseIterable, Comparable {
        case degraded, memoryGrowth = "memory-growth", memoryLeak = "memory-leak", cpu, failed

        public static func < (lhs: Kind, rhs: Kind) -> Bool { allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)! }
    }

    public var kind: Kind {
        switch self {
        case .degraded: .degraded
        case .memoryGrowth: .memoryGrowth
        case .memoryLeak: .memoryLeak
        case .cpu: .cpu
        case .failed: .failed
        }
    }

    /// The finding in words, for the sample's message and the journal.
    public var text: String {
        switch self {
        case let .degraded(duration, baseline, ratio):
            "\(NumberText.format(duration)) ms is \(NumberText.format(ratio))x the baseline of \(NumberText.format(baseline)) ms"
        case let .memoryGrowth(memory, delta):
            "memory grew by \(Self.megabytes(delta)) across the window, to \(Self.megabytes(memory))"
        case let .memoryLeak(memory, rate):
            "memory climbs steadily at \(NumberText.format(rate)) MB/h (now \(Self.megabytes(memory)))"
        case let .cpu(percent):
            "CPU at \(NumberText.format(percent))% of a core"
        case let .failed(error):
            "failed: \(error)"
        }
    }

    static func megabytes(_ bytes: Double) -> String {
        NumberText.format(bytes / 1_000_000) + " MB"
    }
}
