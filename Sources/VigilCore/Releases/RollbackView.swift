import FoundationEssentials

/// The rollback part of `status.json` (under `release`): the mode, the rollback running now, and
/// the hold a failed one left, with the command that lifts it.
public struct RollbackView: Codable, Equatable, Sendable {
    public struct Running: Codable, Equatable, Sendable {
        public var release: String
        public var restoring: String
        /// 1-based; nil while verifying.
        public var step: Int?
        public var steps: Int
        public var summary: String?
        public var verifyingUntil: Date?
    }

    public struct Held: Codable, Equatable, Sendable {
        public var release: String
        public var restoring: String
        /// "step 2 (restore last-of-release)" or "verification".
        public var failedAt: String
        public var error: String
        public var since: Date
        public var resumeCommand: String
    }

    /// The latest rollback that ended, for `vigil rollback` to report.
    public struct Last: Codable, Equatable, Sendable {
        public var release: String
        public var restoring: String
        public var startedAt: Date
        public var finishedAt: Date?
        public var success: Bool
        public var rollbackTimeMs: Int64?
        public var error: String?
    }

    /// A `vigil rollback` request the daemon refused, and when.
    public struct Refusal: Codable, Equatable, Sendable {
        public var at: Date
        public var reason: String

        public init(at: Date, reason: String) {
            self.at = at
            self.reason = reason
        }
    }

    public var mode: String
    public var running: Running?
    public var held: Held?
    public var last: Last?
    public var refusal: Refusal?

    public init(mode: RemediationRun.Mode, state: RollbackState, refusal: Refusal? = nil) {
        self.refusal = refusal
        self.mode = mode.rawValue
        if let run = state.inProgress {
            var running = Running(release: run.bad, restoring: run.target, step: nil, steps: run.steps.count)
            switch run.phase {
            case .step(let index):
                running.step = index + 1
                running.summary = run.steps[index].summary
            case .verifying(let until): running.verifyingUntil = until
            case .succeeded, .failed: break
            }
            self.running = running
        }
        if let run = state.run, run.isFinished {
            var failure: String?
            if case .failed(let reason) = run.phase { failure = "\(reason.stepText): \(reason.reason)" }
            last = Last(release: run.bad, restoring: run.target, startedAt: run.startedAt, finishedAt: run.finishedAt,
                        success: failure == nil, rollbackTimeMs: run.rollbackTime.map(DurationText.milliseconds), error: failure)
        }
        held = state.hold.map { hold in
            Held(release: hold.bad, restoring: hold.target, failedAt: hold.failure.stepText, error: hold.failure.reason,
                 since: hold.since, resumeCommand: RollbackHold.resumeCommand)
        }
    }
}
