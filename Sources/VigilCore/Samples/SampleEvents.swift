/// The journal entries of samples: a finding that began (one kind each, so `journalctl
/// MESSAGE_ID=…` finds every degradation), and the end of one. Each carries `OPERATION` and the
/// seed's metric fields that apply: `DURATION_MS`, `BASELINE_MS`, `RATIO`, `MEMORY_BYTES`,
/// `MEMORY_DELTA_BYTES`, `CPU_PERCENT`; a failure `ERROR`.
extension JournalEvent {
    /// `status`: what the finding makes a `[[sample]]`; nil for a check's own duration, whose status is the check's.
    public static func sampleFinding(_ finding: SampleFinding, operation: String, status: Status?) -> JournalEvent {
        // A check's own duration is a hint beside the check's status, not an alert of its own.
        let priority: JournalPriority = status == nil ? .notice : status == .critical ? .error : .warning
        let base = [Field("OPERATION", operation), Field("FINDING", finding.kind.rawValue)] + (status.map { [Field("STATUS", $0.rawValue)] } ?? [])
        let message = "\(operation): \(finding.text)"
        switch finding {
        case let .degraded(duration, baseline, ratio):
            return JournalEvent(kind: .sampleDegraded, priority: priority, message: message,
                                fields: base + [Field("DURATION_MS", NumberText.format(duration)), Field("BASELINE_MS", NumberText.format(baseline)),
                                                Field("RATIO", NumberText.format(ratio))])
        case let .memoryGrowth(memory, delta):
            return JournalEvent(kind: .sampleMemoryGrowth, priority: priority, message: message,
                                fields: base + [Field("MEMORY_BYTES", bytes(memory)), Field("MEMORY_DELTA_BYTES", bytes(delta))])
        case let .memoryLeak(memory, rate):
            return JournalEvent(kind: .sampleMemoryLeak, priority: priority, message: message,
                                fields: base + [Field("MEMORY_BYTES", bytes(memory)), Field("LEAK_MB_PER_HOUR", NumberText.format(rate))])
        case let .cpu(percent):
            return JournalEvent(kind: .sampleCPU, priority: priority, message: message,
                                fields: base + [Field("CPU_PERCENT", NumberText.format(percent))])
        case let .failed(error):
            return JournalEvent(kind: .sampleFailed, priority: .error, message: message, fields: base + [Field("ERROR", error)])
        }
    }

    /// A finding that held no longer does.
    public static func sampleRecovered(_ kind: SampleFinding.Kind, operation: String, now: String) -> JournalEvent {
        JournalEvent(kind: .sampleRecovered, priority: .notice, message: "\(operation): no longer \(kind.rawValue): \(now)",
                     fields: [Field("OPERATION", operation), Field("FINDING", kind.rawValue)])
    }

    private static func bytes(_ value: Double) -> String { String(Int64(value.rounded())) }
}
