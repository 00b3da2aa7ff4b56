/// A check's `flap_low` and `flap_high`: the percents of state change at which it stops and starts
/// flapping. Kept apart from FlapDetector so a definition carries settings, not history.
public struct FlapThresholds: Sendable, Equatable, Codable {
    public var low: Double
    public var high: Double

    public init(low: Double = FlapDetector.defaultFlapLow, high: Double = FlapDetector.defaultFlapHigh) {
        self.low = low
        self.high = high
    }

    public static let `default` = FlapThresholds()

    /// A fresh detector using these thresholds.
    public func makeDetector() -> FlapDetector {
        FlapDetector(flapLow: low, flapHigh: high)
    }
}
