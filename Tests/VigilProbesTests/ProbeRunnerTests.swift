import Dispatch
import Glibc
import Synchronization
import Testing
import VigilTestSupport
import VigilCore
@testable import VigilProbes

@Suite struct ProbeRunnerTests {
    /// A blocking probe that sleeps as long as it is told, as a frozen statvfs would.
    struct SleepingProbe: BlockingProbe {
        let sleep: Duration
        func observeBlocking(until deadline: ContinuousClock.Instant) throws -> Observation {
            usleep(UInt32(DurationText.milliseconds(sleep) * 1000))
            return Observation(message: "woke up")
        }
    }

    final class Events: Sendable {
        let list = Mutex<[String]>([])
        func append(_ event: String) { list.withLock { $0.append(event) } }
        var all: [String] { list.withLock { $0 } }
    }

    func start(sleeping sleep: Duration, timeout: Duration, events: Events, queue: DispatchQueue, deadlines: RunDeadlines) {
        let check = CheckDefinition(name: "frozen", kind: .memory, interval: .seconds(10), timeout: timeout)
        queue.sync {
            ProbeRunner.start(check, probe: SleepingProbe(sleep: sleep), deadlines: deadlines,
                              deliver: { result in events.append("\(result.status.rawValue): \(result.message)") },
                              workEnded: { events.append("ended") })
        }
    }

    @Test func aProbePastItsDeadlineIsCriticalAtTheDeadlineAndEndsLater() async throws {
        let queue = DispatchQueue(label: "runner-test")
        let deadlines = RunDeadlines(queue: queue)
        let events = Events()
        start(sleeping: .milliseconds(600), timeout: .milliseconds(100), events: events, queue: queue, deadlines: deadlines)
        #expect(await waitUntil { events.all.count == 2 })
        #expect(events.all.first?.hasPrefix("CRITICAL") == true, "\(events.all)")
        #expect(events.all.last == "ended")
        #expect(queue.sync { deadlines.pending } == 0)
    }

    @Test func aProbeInTimeIsDeliveredOnceAndItsDeadlineForgotten() async throws {
        let queue = DispatchQueue(label: "runner-test")
        let deadlines = RunDeadlines(queue: queue)
        let events = Events()
        start(sleeping: .milliseconds(10), timeout: .milliseconds(300), events: events, queue: queue, deadlines: deadlines)
        #expect(await waitUntil { events.all.count == 2 })
        // Past the deadline now: nothing more may arrive.
        try await Task.sleep(for: .milliseconds(400))
        #expect(events.all == ["HEALTHY: woke up", "ended"])
        #expect(queue.sync { deadlines.pending } == 0)
    }
}
