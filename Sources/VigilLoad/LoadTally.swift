import Histogram
import NIOCore
import VigilCore

/// What the connections of one event loop counted: a latency histogram in microseconds, requests,
/// errors by kind. One per loop, touched only on that loop, merged once at the end; a histogram
/// per connection would cost hundreds of kilobytes each.
struct LoadTally: Sendable {
    /// 1 µs to 10 minutes at three significant digits: any request worth counting fits.
    var histogram = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
    var requests = 0
    var errors: [LoadErrorKind: Int] = [:]
    var connectionsOpened = 0
    var lastEnd: NIODeadline?

    mutating func answered(latencyNanoseconds: Int64, status: Int, at end: NIODeadline) {
        _ = histogram.record(UInt64(max(1, (latencyNanoseconds + 500) / 1000)))
        requests += 1
        if let kind = LoadErrorKind.of(status: status) { errors[kind, default: 0] += 1 }
        lastEnd = max(lastEnd ?? end, end)
    }

    mutating func failed(_ kind: LoadErrorKind, at end: NIODeadline) {
        requests += 1
        errors[kind, default: 0] += 1
        lastEnd = max(lastEnd ?? end, end)
    }

    mutating func add(_ other: LoadTally) {
        histogram.add(other.histogram)
        requests += other.requests
        errors.merge(other.errors, uniquingKeysWith: +)
        connectionsOpened += other.connectionsOpened
        if let end = other.lastEnd { lastEnd = max(lastEnd ?? end, end) }
    }

    /// The tally as a report, its elapsed time counted from `start`.
    func report(since start: NIODeadline) -> LoadReport {
        let elapsed = lastEnd.map { Double(($0 - start).nanoseconds) / 1e9 } ?? 0
        let latency: LoadReport.Latency
        if histogram.totalCount == 0 {
            latency = .zero
        } else {
            func ms(_ microseconds: UInt64) -> Double { Double(microseconds) / 1000 }
            latency = LoadReport.Latency(min: ms(histogram.min), mean: histogram.mean / 1000,
                                         p50: ms(histogram.valueAtPercentile(50)), p90: ms(histogram.valueAtPercentile(90)),
                                         p99: ms(histogram.valueAtPercentile(99)), max: ms(histogram.max))
        }
        return LoadReport(requests: requests, errors: errors, elapsedSeconds: max(elapsed, 0), latency: latency,
                          connectionsOpened: connectionsOpened)
    }
}
