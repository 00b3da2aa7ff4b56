import FoundationEssentials

/// The start or the end of a flapping episode, each reported once.
public enum FlapChange: Equatable, Sendable {
    case startedFlapping(Double)
    case stoppedFlapping(Double)
}

/// Says whether a check is flapping: changing status so often that acting on it would cause a
/// storm. While it flaps Vigil runs no remediation for it.
///
/// The measure is Icinga 2's (`lib/icinga/checkable-flapping.cpp`, `Checkable::UpdateFlappingStatus`):
/// over the last 21 results there are 20 places where the status may change; a change at place `i`
/// (0 the oldest, 19 the newest) weighs `0.8 + 0.02 * i`, so newer changes weigh more, and the percent
/// is `100 * sum of weights / 20`. Every status difference counts, WARNING to CRITICAL too. As in
/// Icinga 2, places without a result yet count as no change, so a new check flaps only once it has
/// really changed often. Weights are kept in hundredths so that the thresholds compare exactly.
/// The check starts flapping when the percent is above `flapHigh` and stops when it is below
/// `flapLow` (Icinga 2 stops at `<= low`; Vigil keeps flapping at exactly `flapLow`).
public struct FlapDetector: Codable, Equatable, Sendable {
    /// How many results the measure looks at.
    public static let resultsConsidered = 21
    public static let defaultFlapLow = 25.0
    public static let defaultFlapHigh = 30.0

    public var flapLow: Double
    public var flapHigh: Double
    /// The latest statuses, oldest first, at most `resultsConsidered`.
    public private(set) var recent: [Status] = []
    public private(set) var isFlapping = false
    /// The percent of state change after the latest result.
    public private(set) var percent = 0.0
    /// When the current flapping episode began (wall clock, as it is persisted); `nil` when not flapping.
    public private(set) var flappingSince: Date?

    public init(flapLow: Double = FlapDetector.defaultFlapLow, flapHigh: Double = FlapDetector.defaultFlapHigh) {
        self.flapLow = flapLow
        self.flapHigh = flapHigh
    }

    /// Records one result; returns the change of flapping it caused, if any.
    public mutating func resultArrived(_ status: Status, at now: Date) -> FlapChange? {
        recent.append(status)
        if recent.count > Self.resultsConsidered {
            recent.removeFirst(recent.count - Self.resultsConsidered)
        }
        percent = Self.percentStateChange(recent)
        if !isFlapping, percent > flapHigh {
            isFlapping = true
            flappingSince = now
            return .startedFlapping(percent)
        }
        if isFlapping, percent < flapLow {
            isFlapping = false
            flappingSince = nil
            return .stoppedFlapping(percent)
        }
        return nil
    }

    /// The weighted percent of state change over the last 21 of `statuses` (oldest first).
    public static func percentStateChange(_ statuses: [Status]) -> Double {
        let considered = statuses.suffix(resultsConsidered)
        let places = resultsConsidered - 1
        // The newest change sits at place 19; with fewer results the older places stay empty.
        let firstPlace = places - (considered.count - 1)
        var weightHundredths = 0
        for (offset, (older, newer)) in zip(considered, considered.dropFirst()).enumerated() where older != newer {
            weightHundredths += 80 + 2 * (firstPlace + offset)
        }
        return Double(weightHundredths) / Double(places)
    }
}
