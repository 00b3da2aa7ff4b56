import VigilCore
import VigilLoad

/// A `load` check: its small scenario run by `LoadRunner` on one event loop, the report's figures
/// handed to the check's thresholds. Each request gets at most what is left of the check's time
/// once the run's own length is taken out, so the run ends before the check's deadline.
public struct LoadProbe: BlockingProbe {
    public let settings: LoadCheckSettings

    public init(settings: LoadCheckSettings) {
        self.settings = settings
    }

    public func observeBlocking(until deadline: ContinuousClock.Instant) throws -> Observation {
        var scenario = settings.scenario
        let spare = deadline - ContinuousClock.now - (scenario.plannedLength ?? .zero)
        scenario.timeout = max(.milliseconds(50), min(scenario.timeout, spare * 0.8))
        do {
            return try LoadRunner(scenario: scenario, threads: 1).run().observation
        } catch {
            throw ProbeError(error.description)
        }
    }
}
