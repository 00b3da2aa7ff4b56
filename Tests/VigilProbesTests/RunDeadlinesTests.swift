import Dispatch
import Synchronization
import Testing
import VigilTestSupport
@testable import VigilProbes

@Suite struct RunDeadlinesTests {
    /// Records the order in which runs expired, from the deadlines' queue.
    final class Expired: Sendable {
        let names = Mutex<[String]>([])
        func append(_ name: String) { names.withLock { $0.append(name) } }
        var all: [String] { names.withLock { $0 } }
    }

    @Test func runsThatOverstayExpireInDeadlineOrderAndEndedOnesNever() async throws {
        let queue = DispatchQueue(label: "deadlines-test")
        let deadlines = RunDeadlines(queue: queue)
        let expired = Expired()
        let now = ContinuousClock.now
        let ended: Bool = queue.sync {
            let late = deadlines.add(deadline: now + .milliseconds(300)) { expired.append("late") }
            _ = late
            _ = deadlines.add(deadline: now + .milliseconds(100)) { expired.append("early") }
            let finished = deadlines.add(deadline: now + .milliseconds(50)) { expired.append("finished") }
            return deadlines.end(finished)
        }
        #expect(ended)
        #expect(await waitUntil { expired.all.count == 2 })
        #expect(expired.all == ["early", "late"])
        #expect(queue.sync { deadlines.pending } == 0)
    }

    @Test func aRunEndingAfterItsDeadlineIsToldItCameTooLate() async throws {
        let queue = DispatchQueue(label: "deadlines-test")
        let deadlines = RunDeadlines(queue: queue)
        let expired = Expired()
        let run = queue.sync { deadlines.add(deadline: .now + .milliseconds(20)) { expired.append("run") } }
        #expect(await waitUntil { expired.all == ["run"] })
        #expect(queue.sync { deadlines.end(run) } == false)
    }

    @Test func anEarlierDeadlineAddedLaterStillFiresFirst() async throws {
        let queue = DispatchQueue(label: "deadlines-test")
        let deadlines = RunDeadlines(queue: queue)
        let expired = Expired()
        queue.sync {
            _ = deadlines.add(deadline: .now + .seconds(30)) { expired.append("far") }
            _ = deadlines.add(deadline: .now + .milliseconds(20)) { expired.append("near") }
        }
        #expect(await waitUntil { expired.all == ["near"] })
        #expect(queue.sync { deadlines.pending } == 1)
    }
}
