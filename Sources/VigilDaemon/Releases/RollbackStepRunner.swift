import FoundationEssentials
import Glibc
import VigilBackup
import VigilCore
import VigilProcess
import VigilSystemd

/// Carries out one rollback step, blocking, and says how it ended. The remediation kinds go to
/// the `StepExecutor`; the rollback's own kinds are here: the symlink switch, the restore of a
/// backup of the last known good, and starting a (privileged) oneshot unit.
public struct RollbackStepRunner: Sendable {
    /// What a step needs to know of the rollback it belongs to.
    public struct Context: Sendable {
        public var bad: String
        /// When the bad release was first seen: `restore before-release` takes a backup older than this.
        public var badFirstSeen: Date?
        public var target: String
        public var configuration: VigilConfiguration
        /// For a `switch_symlink` step: the folder its target template keeps the releases in.
        public var releasesFolder: String?

        public init(bad: String, badFirstSeen: Date?, target: String, configuration: VigilConfiguration, releasesFolder: String? = nil) {
            self.bad = bad
            self.badFirstSeen = badFirstSeen
            self.target = target
            self.configuration = configuration
            self.releasesFolder = releasesFolder
        }
    }

    public let executor: StepExecutor

    public init(executor: StepExecutor) {
        self.executor = executor
    }

    /// On a thread of the step's own, as `StepExecutor.execute` runs its steps.
    public func execute(_ step: RollbackStep, _ context: Context) async -> RemediationStepOutcome {
        await DetachedThread.run { run(step, context) }
    }

    /// The same, on the calling thread.
    public func run(_ step: RollbackStep, _ context: Context) -> RemediationStepOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        func outcome(_ result: Result<String, RollbackStepError>) -> RemediationStepOutcome {
            switch result {
            case .success(let detail): RemediationStepOutcome(succeeded: true, exitStatus: detail, duration: clock.now - start)
            case .failure(let error): RemediationStepOutcome(succeeded: false, exitStatus: error.reason, duration: clock.now - start)
            }
        }
        switch step {
        case .remediation(let step) where step.kind == .notify:
            // The rollback-step entry is the notification: its DETAIL carries the message.
            return RemediationStepOutcome(succeeded: true, exitStatus: step.message ?? "", duration: .zero)
        case .remediation(let step): return executor.executeBlocking(step)
        case .switchSymlink(let link, let target):
            return outcome(Result { () throws(RollbackStepError) in try SymlinkSwitch.switchLink(link, to: target, releasesFolder: context.releasesFolder) })
        case .restore(let choice): return outcome(Result { () throws(RollbackStepError) in try restore(choice, context) })
        case .startUnit(let unit, let timeout):
            return outcome(Result { () throws(RollbackStepError) in
                do throws(UnitControlError) {
                    try UnitController(busAddress: executor.busAddress).start(unit, timeout: timeout)
                    return "started \(unit)"
                } catch {
                    throw RollbackStepError(error.description)
                }
            })
        }
    }

    /// `vigil restore` of the chosen backup: verified first, a safety backup taken, `[backup]
    /// units` stopped and started again; no such backup fails the step before anything is touched.
    private func restore(_ choice: RollbackStep.BackupChoice, _ context: Context) throws(RollbackStepError) -> String {
        let configuration = context.configuration
        guard let settings = configuration.backup, let database = configuration.databases[settings.database] else {
            throw RollbackStepError("no [backup] table to restore from")
        }
        let candidates = BackupCatalog.list(destination: settings.destination).compactMap { entry -> (String, BackupManifest)? in
            guard entry.isVerified, case .complete(let manifest) = entry.state else { return nil }
            return (entry.path, manifest)
        }
        let chosen: (String, BackupManifest)?
        switch choice {
        case .lastOfRelease: chosen = candidates.first { $0.1.release == context.target }
        case .beforeRelease:
            guard let firstSeen = context.badFirstSeen else { throw RollbackStepError("release \(context.bad) has no first-seen time") }
            chosen = candidates.first { $0.1.startedAt < firstSeen }
        }
        guard let (folder, _) = chosen else {
            let which = choice == .lastOfRelease
                ? "whose manifest names release \(context.target)"
                : "taken before release \(context.bad) was first seen (\(context.badFirstSeen.map(WallClock.text) ?? "?"))"
            throw RollbackStepError("no verified backup in \(settings.destination) \(which); nothing was touched")
        }
        let eventStores = configuration.enabledChecks.compactMap { check -> EventStoreCheckSettings? in
            if case .eventStore(let store) = check.kind { return store }
            return nil
        }
        let runner = RestoreRunner(settings: settings, database: database, eventStores: eventStores,
                                   services: settings.units.isEmpty ? nil : SystemdRestoreServices(busAddress: executor.busAddress))
        do throws(RestoreRunner.Failure) {
            let report = try runner.run(backup: folder)
            return "restored \(URL(fileURLWithPath: folder).lastPathComponent)"
                + (report.safetyBackup.map { "; the state before it is in \($0)" } ?? "")
        } catch {
            throw RollbackStepError(error.description)
        }
    }
}

/// Why a rollback step of Vigil's own kinds failed, in words for the journal's `ERROR`.
public struct RollbackStepError: Error, Sendable {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }
}
