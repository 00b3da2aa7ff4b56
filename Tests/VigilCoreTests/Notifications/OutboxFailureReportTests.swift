import Foundation
import Testing
import VigilCore

/// A notifier that keeps failing is said at warning once, then at most every 10 minutes with the
/// count held back, and its next delivery says it recovered; give-ups are always said.
@Suite struct OutboxFailureReportTests {
    typealias S = OutboxSamples

    /// Makes one attempt of a fresh delivery `id` at `second` end with `result`.
    static func attempt(_ outbox: inout Outbox, _ id: String, notifier: String = "pager", at second: Double,
                        _ result: DeliveryResult) -> [OutboxOutput] {
        _ = outbox.enqueue([S.delivery(id, notifier: notifier, createdAt: second)], at: Clock.at(second))
        #expect(outbox.dispatch(at: Clock.at(second)).sent.contains(id))
        return outbox.finished(id, result: result, at: Clock.at(second))
    }

    @Test func theFirstFailureOfAStreakIsAWarningThenOneEveryTenMinutesWithTheCountMeanwhile() throws {
        var outbox = S.outbox(maxInFlight: 100)
        let first = Self.attempt(&outbox, "n0", at: 0, .failed(reason: "HTTP 502"))
        let event = try #require(first.events.first)
        #expect(event.kind == .notificationFailed)
        #expect(event.priority == .warning)
        #expect(event.value(of: "NOTIFIER") == "pager")
        #expect(event.value(of: "NOTIFICATION_ID") == "n0")
        #expect(event.value(of: "INCIDENT_ID") == "INC-20270115-0001")
        #expect(event.value(of: "ATTEMPTS") == "1")
        #expect(event.value(of: "MAX_ATTEMPTS") == "8")
        #expect(event.value(of: "REASON") == "HTTP 502")
        #expect(event.value(of: "FAILURES_UNSAID") == "0")
        #expect(event.message.contains("attempt 1 of 8"), "\(event.message)")

        for (index, second) in [60.0, 120, 599.9].enumerated() {
            #expect(Self.attempt(&outbox, "q\(index)", at: second, .failed(reason: "HTTP 502")).events.isEmpty, "quiet at \(second) s")
        }
        let again = try #require(Self.attempt(&outbox, "n1", at: 600, .failed(reason: "HTTP 502")).events.first)
        #expect(again.value(of: "FAILURES_UNSAID") == "3")
        #expect(again.message.contains("3 more failed attempts of pager since the last report"), "\(again.message)")
        #expect(Self.attempt(&outbox, "n2", at: 900, .failed(reason: "HTTP 502")).events.isEmpty)
    }

    @Test func aStreakPerNotifierAndADeliveryAfterFailuresSaysRecovered() throws {
        var outbox = S.outbox(["pager", "mail"], maxInFlight: 100)
        #expect(Self.attempt(&outbox, "p0", at: 0, .failed(reason: "refused")).events.count == 1)
        #expect(Self.attempt(&outbox, "m0", notifier: "mail", at: 1, .failed(reason: "refused")).events.count == 1,
                "another notifier's first failure is its own news")
        #expect(Self.attempt(&outbox, "p1", at: 2, .failed(reason: "refused")).events.isEmpty)
        let recovered = Self.attempt(&outbox, "p2", at: 3, .delivered).events
        #expect(recovered.map(\.kind) == [.notifierRecovered])
        #expect(recovered.first?.priority == .notice)
        #expect(recovered.first?.value(of: "NOTIFIER") == "pager")
        #expect(recovered.first?.value(of: "FAILURES") == "2")
        #expect(recovered.first?.value(of: "FAILURES_UNSAID") == "1")
        #expect(Self.attempt(&outbox, "p3", at: 4, .delivered).events.isEmpty, "said once")
        #expect(Self.attempt(&outbox, "p4", at: 5, .failed(reason: "refused")).events.map(\.kind) == [.notificationFailed],
                "a new streak is news again")
    }

    @Test func everyGiveUpIsSaidAtErrorWhateverTheRateLimit() {
        var outbox = Outbox(notifiers: ["pager": S.notifier(retry: RetryPolicy(attempts: 1))], maxInFlight: 100)
        for index in 0..<3 {
            let outputs = Self.attempt(&outbox, "n\(index)", at: Double(index), .failed(reason: "refused"))
            #expect(outputs.events.map(\.kind) == [.notificationGaveUp])
            #expect(outputs.events.first?.priority == .error)
            #expect(outputs.gaveUp.count == 1)
        }
        #expect(Self.attempt(&outbox, "n9", at: 10, .delivered).events.map(\.kind) == [.notifierRecovered])
    }
}
