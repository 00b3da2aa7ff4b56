import FoundationEssentials

/// What the rollback duty keeps in `<state_dir>/rollback.json`: the rollback in progress, the
/// hold left by one that failed (every automated action waits for `vigil resume rollback`), and
/// the bad release a dry run already described, so it is said once.
public struct RollbackState: Sendable, Equatable, Codable {
    public static let fileName = "rollback.json"

    public var run: RollbackRun?
    public var hold: RollbackHold?
    public var dryRunSaidFor: String?

    /// The rollback running now; nil when none is (the last one, finished, stays in `run`).
    public var inProgress: RollbackRun? {
        run.flatMap { $0.isFinished ? nil : $0 }
    }

    public init(run: RollbackRun? = nil, hold: RollbackHold? = nil, dryRunSaidFor: String? = nil) {
        self.run = run
        self.hold = hold
        self.dryRunSaidFor = dryRunSaidFor
    }
}

/// A failed rollback's escalation: until an operator runs `vigil resume rollback`, no plan and no
/// rollback runs on this host.
public struct RollbackHold: Sendable, Equatable, Codable {
    /// The name `vigil resume` takes to lift the hold.
    public static let resumeName = "rollback"
    public static let resumeCommand = "vigil resume \(resumeName)"

    public var bad: String
    public var target: String
    public var failure: RollbackFailure
    public var since: Date

    public init(bad: String, target: String, failure: RollbackFailure, since: Date) {
        self.bad = bad
        self.target = target
        self.failure = failure
        self.since = since
    }

    /// Why plans are held, as the engine's skip reason and status show it.
    public var description: String {
        "the rollback of \(bad) failed at \(failure.stepText); held until `\(Self.resumeCommand)`"
    }
}
