import FoundationEssentials
import VigilCore
import VigilTLS

/// A `tls` check: `TLSInspector` looks, `TLSReview` judges, the thresholds weigh `days_left`.
public struct TLSProbe: BlockingProbe {
    public let settings: TLSCheckSettings

    public init(settings: TLSCheckSettings) {
        self.settings = settings
    }

    public func observeBlocking(until deadline: ContinuousClock.Instant) throws -> Observation {
        do {
            return TLSReview.observation(try TLSInspector.inspect(settings, until: deadline), settings, at: Date())
        } catch {
            throw ProbeError(error.description)
        }
    }
}
