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

    public var mode: String
    public var running: Running?
    public var held: Held?

    public init(mode: RemediationRun.Mode, state: RollbackState) {
        self.mode = mode.rawValue
        if let run = state.run, !run.isFinished {
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
        held = state.hold.map { hold in
            Held(release: hold.bad, restoring: hold.target, failedAt: hold.failure.stepText, error: hold.failure.reason,
                 since: hold.since, resumeCommand: RollbackHold.resumeCommand)
        }
    }
}
