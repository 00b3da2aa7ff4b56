/// What a replay led to, counted from its decisions: the line an operator reads first.
public struct SimulationSummary: Sendable, Equatable, Encodable {
    /// Attempts started (in enforce mode).
    public var attempts = 0
    public var verified = 0
    /// Attempts whose step or verification failed.
    public var failed = 0
    /// Times a spent budget stopped a plan.
    public var plansStopped = 0
    /// Attempts still running (a step, the grace or verification) when the replay ended.
    public var unfinished = 0
    /// Dry-run attempts: decided, not executed.
    public var wouldRun = 0

    public init() {}

    mutating func count(_ event: JournalEvent) {
        switch event.kind {
        case .remediationTriggered:
            if event.value(of: "DECISION") == "would-run" { wouldRun += 1 } else { attempts += 1 }
        case .remediationVerified: verified += 1
        case .remediationVerificationFailed, .remediationAttemptFailed: failed += 1
        case .remediationBudgetSpent: plansStopped += 1
        default: break
        }
    }

    /// `summary: 3 attempts run, 0 verified, 3 failed, 1 plan stopped`, then what is unfinished
    /// or dry-run when there is any.
    public var text: String {
        var parts = [NumberText.counted(attempts, "attempt") + " run", "\(verified) verified", "\(failed) failed",
                     NumberText.counted(plansStopped, "plan") + " stopped"]
        if unfinished > 0 { parts.append("\(unfinished) still running at the end") }
        if wouldRun > 0 { parts.append("\(NumberText.counted(wouldRun, "attempt")) would have run (dry-run)") }
        return "summary: " + parts.joined(separator: ", ")
    }

    /// `{"summary":{"attempts":3,…}}`, the last line of `--format json`.
    public var json: String {
        SimulationJSON.encode(["summary": self])
    }
}
