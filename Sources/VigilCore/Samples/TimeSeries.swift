import FoundationEssentials

/// Readings over a span of time, oldest first, kept just long enough to cover `span`: a leak's
/// climb over `leak_window`, CPU over `cpu_for`.
struct TimeSeries: Sendable, Equatable {
    struct Point: Sendable, Equatable {
        var time: Date
        var value: Double
    }

    private(set) var points: [Point] = []

    /// Adds a reading and forgets those no longer needed: the oldest kept is the newest at or
    /// before `now - span`, so the series still covers the whole span.
    mutating func add(_ value: Double, at now: Date, span: Duration) {
        points.append(Point(time: now, value: value))
        let start = now.addingTimeInterval(-WallClock.seconds(span))
        if let boundary = points.lastIndex(where: { $0.time <= start }), boundary > 0 {
            points.removeFirst(boundary)
        }
    }

    /// Whether the readings reach back over the whole of `span` before `now`.
    func covers(_ span: Duration, before now: Date) -> Bool {
        guard let first = points.first else { return false }
        return first.time <= now.addingTimeInterval(-WallClock.seconds(span))
    }

    /// The mean of the readings within `span` before `now`.
    func mean(within span: Duration, before now: Date) -> Double? {
        let start = now.addingTimeInterval(-WallClock.seconds(span))
        let recent = points.filter { $0.time >= start }
        return recent.isEmpty ? nil : recent.map(\.value).reduce(0, +) / Double(recent.count)
    }

    /// The least-squares line through the readings: its value at the first reading's time and its
    /// slope per second; nil for fewer than two readings or all at one time.
    func line() -> (start: Double, slopePerSecond: Double)? {
        guard points.count >= 2, let origin = points.first?.time else { return nil }
        let xs = points.map { $0.time.timeIntervalSince(origin) }, ys = points.map(\.value)
        let n = Double(points.count)
        let meanX = xs.reduce(0, +) / n, meanY = ys.reduce(0, +) / n
        let sxx = xs.reduce(0) { $0 + ($1 - meanX) * ($1 - meanX) }
        guard sxx > 0 else { return nil }
        let sxy = zip(xs, ys).reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanY) }
        let slope = sxy / sxx
        return (meanY - slope * meanX, slope)
    }
}
