import Testing
import VigilCore

@Suite struct ReportRateLimiterTests {
    enum Event: Sendable, CustomStringConvertible {
        case fail(seconds: Double)
        case succeed(seconds: Double)

        var description: String {
            switch self {
            case .fail(let seconds): "fail at \(seconds) s"
            case .succeed(let seconds): "succeed at \(seconds) s"
            }
        }
    }

    typealias Step = (Event, ReportRateLimiter.Decision)

    /// Each case: events at offsets from a start instant (interval 300 s) and the decision each gives.
    static let cases: [(name: String, steps: [Step])] = [
        ("the first failure is said at once", [
            (.fail(seconds: 0), .reportFailure(suppressed: 0)),
        ]),
        ("success with nothing to say is quiet", [
            (.succeed(seconds: 0), .quiet),
            (.succeed(seconds: 1_000), .quiet),
        ]),
        ("repeats within the interval are held back, up to its last instant", [
            (.fail(seconds: 0), .reportFailure(suppressed: 0)),
            (.fail(seconds: 10), .quiet),
            (.fail(seconds: 299.999), .quiet),
        ]),
        ("at the interval exactly, the failure is said again with the count held back", [
            (.fail(seconds: 0), .reportFailure(suppressed: 0)),
            (.fail(seconds: 10), .quiet),
            (.fail(seconds: 20), .quiet),
            (.fail(seconds: 300), .reportFailure(suppressed: 2)),
            (.fail(seconds: 599), .quiet),
            (.fail(seconds: 600), .reportFailure(suppressed: 1)),
        ]),
        ("recovery after a reported failure is said at once, with the repeats held back", [
            (.fail(seconds: 0), .reportFailure(suppressed: 0)),
            (.fail(seconds: 5), .quiet),
            (.succeed(seconds: 6), .reportRecovery(suppressed: 1)),
            (.succeed(seconds: 7), .quiet),
        ]),
        ("recovery right after the report, nothing held back", [
            (.fail(seconds: 0), .reportFailure(suppressed: 0)),
            (.succeed(seconds: 0.001), .reportRecovery(suppressed: 0)),
        ]),
        ("a flapping disk: a new failure within the interval of the last word waits", [
            (.fail(seconds: 0), .reportFailure(suppressed: 0)),
            (.succeed(seconds: 1), .reportRecovery(suppressed: 0)),
            (.fail(seconds: 2), .quiet),
            (.succeed(seconds: 3), .quiet),
            (.fail(seconds: 4), .quiet),
            (.fail(seconds: 300.999), .quiet),
            (.fail(seconds: 301), .reportFailure(suppressed: 3)),
        ]),
        ("failures that went unsaid before a recovery are owned up to once the interval allows", [
            (.fail(seconds: 0), .reportFailure(suppressed: 0)),
            (.succeed(seconds: 1), .reportRecovery(suppressed: 0)),
            (.fail(seconds: 2), .quiet),
            (.succeed(seconds: 3), .quiet),
            (.succeed(seconds: 300), .quiet),
            (.succeed(seconds: 301), .reportRecovery(suppressed: 1)),
            (.succeed(seconds: 1_000), .quiet),
        ]),
        ("a new episode after a quiet interval is said at once", [
            (.fail(seconds: 0), .reportFailure(suppressed: 0)),
            (.succeed(seconds: 1), .reportRecovery(suppressed: 0)),
            (.fail(seconds: 301), .reportFailure(suppressed: 0)),
        ]),
    ]

    @Test(arguments: cases)
    func decisions(name: String, steps: [Step]) {
        var limiter = ReportRateLimiter(interval: .seconds(300))
        let start = ContinuousClock.now
        for (event, expected) in steps {
            let decision = switch event {
            case .fail(let seconds): limiter.failed(at: start + .seconds(seconds))
            case .succeed(let seconds): limiter.succeeded(at: start + .seconds(seconds))
            }
            #expect(decision == expected, "\(name): \(event)")
        }
    }

    @Test func defaultIntervalIsFiveMinutes() {
        #expect(ReportRateLimiter().interval == .seconds(300))
    }

    @Test func atMostTwoWordsPerIntervalWhateverHappens() {
        var limiter = ReportRateLimiter(interval: .seconds(300))
        let start = ContinuousClock.now
        var spoken: [Double] = []
        var generator = SystemRandomNumberGenerator()
        for tenth in 0..<36_000 {  // one hour, an event every 0.1 s, failing or not at random
            let at = start + .milliseconds(tenth * 100)
            let decision = Bool.random(using: &generator) ? limiter.failed(at: at) : limiter.succeeded(at: at)
            if decision != .quiet { spoken.append(Double(tenth) / 10) }
        }
        for (index, time) in spoken.enumerated() where index >= 2 {
            #expect(time - spoken[index - 2] >= 300, "three words within 300 s: \(spoken)")
        }
        #expect(spoken.count >= 12)
    }
}
