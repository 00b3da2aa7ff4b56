import FoundationEssentials

/// One attempt of a remediation plan: its steps in order, then a grace period, then verification
/// that the check really recovered.
///
/// The first failed step ends the attempt as failed and the later steps do not run: they were
/// written assuming the earlier ones worked (clear the cache, then restart). A failed attempt,
/// whether a step or the verification failed, is escalated. In dry-run every step comes out as
/// would-run, nothing is started and nothing is verified.
public struct RemediationRun: Sendable, Equatable, Codable {
    public struct Verification: Sendable, Equatable, Codable {
        /// After the last step, how long results do not count at all (a restarted service is
        /// allowed to fail while it comes up). Default 30 s.
        public var grace: Duration
        /// HEALTHY results needed after the grace; non-HEALTHY ones do not reset the count.
        /// Default 2, as for confirming a recovery.
        public var verifySuccesses: Int
        /// How long after the grace the HEALTHY results may take. Default 5 minutes.
        public var verifyTimeout: Duration

        public init(grace: Duration = .seconds(30), verifySuccesses: Int = 2, verifyTimeout: Duration = .seconds(300)) {
            self.grace = grace
            self.verifySuccesses = verifySuccesses
            self.verifyTimeout = verifyTimeout
        }
    }

    public enum Mode: String, Sendable, Codable, CaseIterable {
        case enforce
        case dryRun = "dry-run"
    }

    public enum Outcome: Sendable, Equatable, Codable {
        case verified
        case failed(reason: String)
        /// Dry-run: every step would have run, none did.
        case wouldRun

        /// What the budget is told: only a verified attempt succeeded.
        public var succeeded: Bool { self == .verified }
    }

    public enum Phase: Sendable, Equatable, Codable {
        case notStarted
        case runningStep(index: Int, startedAt: Date)
        /// Results before `until` are ignored.
        case grace(until: Date)
        /// HEALTHY results counted so far; the attempt fails at `deadline`.
        case verifying(successes: Int, deadline: Date)
        case finished(Outcome)
    }

    public enum Action: Sendable, Equatable {
        /// Execute `steps[index]` and report back with `stepFinished`.
        case startStep(index: Int)
        /// Dry-run: `steps[index]` would be executed now.
        case wouldRunStep(index: Int)
        /// Every step succeeded; results before `until` do not count.
        case beginGrace(until: Date)
        /// Results count from now; the daemon calls `timePassed(at:)` at `deadline`.
        case beginVerification(deadline: Date)
        case verified
        case stepFailed(index: Int)
        case verificationFailed(reason: String)
        /// The attempt failed: tell people (a journal entry at priority alert for now).
        case escalate(reason: String)
    }

    public let plan: String
    public let steps: [RemediationStep]
    public let verification: Verification
    public let mode: Mode
    public private(set) var phase: Phase = .notStarted

    public init(plan: String, steps: [RemediationStep], verification: Verification = Verification(), mode: Mode = .enforce) {
        self.plan = plan
        self.steps = steps
        self.verification = verification
        self.mode = mode
    }

    /// The outcome once the attempt is over, else `nil`.
    public var outcome: Outcome? {
        if case let .finished(outcome) = phase { outcome } else { nil }
    }

    public mutating func start(at now: Date) -> [Action] {
        guard phase == .notStarted else { return [] }
        if mode == .dryRun {
            phase = .finished(.wouldRun)
            return steps.indices.map { .wouldRunStep(index: $0) }
        }
        return advance(to: 0, at: now)
    }

    /// The executor's report on a step; a report for any step but the running one is ignored.
    public mutating func stepFinished(index: Int, succeeded: Bool, at now: Date) -> [Action] {
        guard case let .runningStep(running, _) = phase, running == index else { return [] }
        guard succeeded else {
            let reason = "step \(index + 1) of \(steps.count) (\(steps[index].summary)) failed"
            phase = .finished(.failed(reason: reason))
            return [.stepFailed(index: index), .escalate(reason: reason)]
        }
        return advance(to: index + 1, at: now)
    }

    /// A result of the check the plan remedies. It counts only during verification.
    public mutating func checkReported(_ status: Status, at now: Date) -> [Action] {
        var actions = timePassed(at: now)
        guard case let .verifying(successes, deadline) = phase, status == .healthy else { return actions }
        let count = successes + 1
        if count >= verification.verifySuccesses {
            phase = .finished(.verified)
            actions.append(.verified)
        } else {
            phase = .verifying(successes: count, deadline: deadline)
        }
        return actions
    }

    /// Time moved on: the grace may be over, the verification deadline may have passed.
    public mutating func timePassed(at now: Date) -> [Action] {
        var actions: [Action] = []
        if case let .grace(until) = phase, now >= until {
            actions += beginVerification(at: until)
        }
        if case let .verifying(successes, deadline) = phase, now >= deadline {
            let reason = "\(successes) of \(verification.verifySuccesses) HEALTHY results within "
                + DurationText.format(verification.verifyTimeout) + " after the grace"
            phase = .finished(.failed(reason: "verification failed: " + reason))
            actions += [.verificationFailed(reason: reason), .escalate(reason: "verification failed: " + reason)]
        }
        return actions
    }

    private mutating func advance(to index: Int, at now: Date) -> [Action] {
        if index < steps.count {
            phase = .runningStep(index: index, startedAt: now)
            return [.startStep(index: index)]
        }
        let until = WallClock.date(now, plus: verification.grace)
        phase = .grace(until: until)
        return [.beginGrace(until: until)]
    }

    /// Verification runs from the end of the grace, however late the event that noticed it.
    private mutating func beginVerification(at start: Date) -> [Action] {
        guard verification.verifySuccesses > 0 else {
            phase = .finished(.verified)
            return [.verified]
        }
        let deadline = WallClock.date(start, plus: verification.verifyTimeout)
        phase = .verifying(successes: 0, deadline: deadline)
        return [.beginVerification(deadline: deadline)]
    }
}
