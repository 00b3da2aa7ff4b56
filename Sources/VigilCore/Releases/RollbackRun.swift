import FoundationEssentials

/// One rollback of a bad release to the last known good, as a pure procedure: the steps in order
/// (the first failure ends it), then verification for `verifyFor`. The caller runs each step it
/// is asked to, reports how it ended, and says what it sees while verifying; the run is kept in
/// the state directory, so a restart mid-rollback finds it and ends it as failed, never blind.
public struct RollbackRun: Sendable, Equatable, Codable {
    public enum Phase: Sendable, Equatable, Codable {
        /// Running the step at this index.
        case step(Int)
        case verifying(until: Date)
        case succeeded(at: Date)
        case failed(RollbackFailure)
    }

    /// What the caller does next.
    public enum Action: Sendable, Equatable {
        case run(index: Int, step: RollbackStep)
        /// Every step succeeded: check the version and the trigger's checks at `until`.
        case verify(until: Date)
        case succeeded
        case failed(RollbackFailure)
    }

    public var bad: String
    /// The last known good, put back.
    public var target: String
    /// The trigger's checks that were confirmed CRITICAL; empty for a rollback by hand.
    public var checks: [String]
    /// Who asked for a rollback by hand (`vigil rollback`); nil when the trigger started it.
    public var requestedBy: String?
    /// With `{version}` substituted.
    public var steps: [RollbackStep]
    public var startedAt: Date
    /// When the last step ended: the rollback's own time is `startedAt` to this.
    public var stepsEndedAt: Date?
    public var verifyFor: Duration
    public private(set) var phase: Phase

    /// Begins a rollback of `bad` to `target`: the first step, or a failure when `target` may
    /// not be substituted into a path or an argv element.
    public static func begin(bad: String, target: String, checks: [String], requestedBy: String? = nil,
                             settings: RollbackSettings, at now: Date) -> (RollbackRun, Action) {
        var run = RollbackRun(bad: bad, target: target, checks: checks, requestedBy: requestedBy,
                              steps: settings.steps.map { $0.substituting(version: target) },
                              startedAt: now, verifyFor: settings.verifyFor, phase: .step(0))
        let action = if let refusal = RollbackVersion.refusal(target) {
            run.fail(RollbackFailure(step: nil, reason: "the last known good \"\(target)\" cannot name a release: \(refusal)"), at: now)
        } else {
            run.next(0, at: now)
        }
        return (run, action)
    }

    /// The step at `index` ended; `detail` says how (an exit status, a job result, why not).
    public mutating func stepFinished(index: Int, succeeded: Bool, detail: String, at now: Date) -> Action {
        guard case .step(let current) = phase, current == index else { return action }
        guard succeeded else {
            return fail(RollbackFailure(step: index, summary: steps[index].summary, reason: detail), at: now)
        }
        return next(index + 1, at: now)
    }

    /// A check of the trigger was confirmed CRITICAL while verifying: the rollback did not help.
    public mutating func criticalConfirmed(_ check: String, at now: Date) -> Action? {
        guard case .verifying = phase else { return nil }
        return fail(RollbackFailure(step: nil, reason: "check \(check) was confirmed CRITICAL again during verification"), at: now)
    }

    /// At the end of verification: the version must read as the target and none of the trigger's
    /// checks be confirmed CRITICAL.
    public mutating func verificationDue(running: String?, critical: [String], at now: Date) -> Action {
        guard case .verifying(let until) = phase, now >= until else { return action }
        if running != target {
            return fail(RollbackFailure(step: nil, reason: "the running release reads \(running.map { "as \($0)" } ?? "as nothing"), not \(target), after the steps"), at: now)
        }
        if !critical.isEmpty {
            return fail(RollbackFailure(step: nil, reason: "still confirmed CRITICAL after \(DurationText.format(verifyFor)): \(critical.sorted().joined(separator: ", "))"), at: now)
        }
        phase = .succeeded(at: now)
        return .succeeded
    }

    /// A run found in progress at start: the daemon stopped in the middle of it, and nobody
    /// knows how far the step got.
    public mutating func interrupted(at now: Date) -> Action {
        switch phase {
        case .step(let index):
            return fail(RollbackFailure(step: index, summary: steps[index].summary,
                                        reason: "Vigil stopped while this step ran; it may have run in part"), at: now)
        case .verifying:
            return fail(RollbackFailure(step: nil, reason: "Vigil stopped during verification; the result was not seen"), at: now)
        case .succeeded, .failed: return action
        }
    }

    /// When it ended, succeeded or failed.
    public var finishedAt: Date? {
        switch phase {
        case .succeeded(let at): at
        case .failed: stepsEndedAt
        case .step, .verifying: nil
        }
    }

    public var isFinished: Bool {
        switch phase {
        case .succeeded, .failed: true
        case .step, .verifying: false
        }
    }

    /// The rollback's own time, start to the end of its last step (verification not counted).
    public var rollbackTime: Duration? {
        stepsEndedAt.map { Duration.milliseconds(Int64(($0.timeIntervalSince(startedAt) * 1000).rounded())) }
    }

    /// What the caller does now, from the phase.
    public var action: Action {
        switch phase {
        case .step(let index): .run(index: index, step: steps[index])
        case .verifying(let until): .verify(until: until)
        case .succeeded: .succeeded
        case .failed(let failure): .failed(failure)
        }
    }

    private mutating func next(_ index: Int, at now: Date) -> Action {
        guard index < steps.count else {
            stepsEndedAt = now
            phase = .verifying(until: WallClock.date(now, plus: verifyFor))
            return action
        }
        phase = .step(index)
        return action
    }

    private mutating func fail(_ failure: RollbackFailure, at now: Date) -> Action {
        if stepsEndedAt == nil { stepsEndedAt = now }
        phase = .failed(failure)
        return action
    }
}

/// Why a rollback failed: the step (its index and summary) or verification (`step` nil), and why.
public struct RollbackFailure: Sendable, Equatable, Codable {
    public var step: Int?
    public var summary: String?
    public var reason: String

    public init(step: Int?, summary: String? = nil, reason: String) {
        self.step = step
        self.summary = summary
        self.reason = reason
    }

    /// "step 2 (restore last-of-release)" or "verification".
    public var stepText: String {
        guard let step else { return "verification" }
        return "step \(step + 1)" + (summary.map { " (\($0))" } ?? "")
    }
}
