import Dispatch
import Foundation
import Testing
import VigilCore
import VigilSystemd
import VigilTestSupport
@testable import VigilDaemon

/// The outbox component on a real queue, real threads and real files, with a recording send port
/// in place of the notifiers: what is delivered leaves no file, a failing notifier is retried with
/// the same id until it gives up, a hanging one holds at most `maxInFlight` slots, and a new
/// component on the same state directory (as after kill -9) sends what was pending.
@Suite struct NotificationOutboxTests {
    /// The send port's fake: records every attempt and answers with `answer`, which may block.
    final class RecordingPort: @unchecked Sendable {
        private let lock = NSLock()
        private var attemptsMade: [String] = []
        private var running = 0
        private var mostRunning = 0
        let answer: @Sendable (NotificationDelivery) -> DeliveryResult

        init(answer: @escaping @Sendable (NotificationDelivery) -> DeliveryResult) {
            self.answer = answer
        }

        /// The ids of the attempts begun, in order.
        var attempts: [String] { lock.withLock { attemptsMade } }
        /// The most attempts that were under way at once.
        var peak: Int { lock.withLock { mostRunning } }

        var send: NotificationOutbox.Send {
            { [self] delivery, _ in
                lock.withLock {
                    attemptsMade.append(delivery.id)
                    running += 1
                    mostRunning = max(mostRunning, running)
                }
                defer { lock.withLock { running -= 1 } }
                return answer(delivery)
            }
        }
    }

    /// Records the give-ups the component reports (called on its queue).
    final class GaveUp: @unchecked Sendable {
        private let lock = NSLock()
        private var recorded: [(String, String)] = []
        var all: [(id: String, reason: String)] { lock.withLock { recorded.map { ($0.0, $0.1) } } }
        func add(_ delivery: NotificationDelivery, _ reason: String) { lock.withLock { recorded.append((delivery.id, reason)) } }
    }

    static let incident = Incident(id: IncidentID(openedOn: Date(), number: 1), title: "db is CRITICAL", severity: .p1, openedAt: Date(),
                                   checks: [Incident.Check(name: "db", severity: .p1, status: .critical)])

    static func delivery(_ id: String, notifier: String = "pager", createdAt: Date = Date()) -> NotificationDelivery {
        NotificationDelivery(id: id, notifier: notifier, event: .opened, role: "on-call", incident: incident,
                             subject: "[P1] db is CRITICAL", body: "connection refused", createdAt: createdAt)
    }

    static func notifiers(retry: RetryPolicy = RetryPolicy()) -> [String: NotifierSettings] {
        ["pager": NotifierSettings(name: "pager", kind: .command(argv: ["/bin/true"], environment: [:]), retry: retry)]
    }

    static func unique(_ name: String) -> String { "\(name)-\(UUID().uuidString.lowercased())" }

    static func files(in directory: ScratchDirectory) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.file("outbox"))) ?? []).sorted()
    }

    /// Runs `body` on the component's queue and returns its value.
    static func onQueue<T: Sendable>(_ queue: DispatchQueue, _ body: @Sendable () -> T) -> T {
        queue.sync(execute: body)
    }

    @Test func deliveredNotificationsLeaveNoFile() async throws {
        let directory = try ScratchDirectory()
        let queue = DispatchQueue(label: "test.outbox")
        let port = RecordingPort { _ in .delivered }
        let outbox = NotificationOutbox(queue: queue, sink: JournalWriter(), stateDirectory: directory.path,
                                        notifiers: Self.notifiers(), send: port.send)
        let ids = (1...4).map { Self.unique("delivered-\($0)") }
        queue.sync {
            outbox.load()
            outbox.enqueue(ids.map { Self.delivery($0) })
        }
        #expect(await waitUntil { port.attempts.count == 4 && Self.onQueue(queue) { outbox.summary.pending == 0 } })
        #expect(Set(port.attempts) == Set(ids), "each sent once")
        #expect(Self.files(in: directory).isEmpty, "no file left: \(Self.files(in: directory))")
        queue.sync { outbox.stop() }
    }

    @Test func aFailingNotifierIsRetriedWithTheSameIdThenGivesUpAndSaysSo() async throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let queue = DispatchQueue(label: "test.outbox")
        let port = RecordingPort { _ in .failed(reason: "HTTP 503 Service Unavailable") }
        let gaveUp = GaveUp()
        let outbox = NotificationOutbox(queue: queue, sink: JournalWriter(), stateDirectory: directory.path,
                                        notifiers: Self.notifiers(retry: RetryPolicy(attempts: 3, backoff: .milliseconds(50),
                                                                                     backoffMax: .milliseconds(100))),
                                        send: port.send)
        outbox.onGaveUp = { gaveUp.add($0, $1) }
        let id = Self.unique("failing")
        queue.sync {
            outbox.load()
            outbox.enqueue([Self.delivery(id)])
        }
        #expect(await waitUntil(timeout: .seconds(20)) { !gaveUp.all.isEmpty })
        #expect(port.attempts == [id, id, id], "three attempts, one id")
        #expect(gaveUp.all.map(\.id) == [id])
        #expect(gaveUp.all.first?.reason == "HTTP 503 Service Unavailable (3 attempts failed)")
        #expect(Self.files(in: directory).isEmpty, "a delivery given up leaves no file")

        let failed = try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.notificationFailed.messageID)", "NOTIFICATION_ID=\(id)"])
        #expect(failed.count == 1, "the streak's first failure only: later ones within 10 minutes are held back")
        #expect(failed.first?["PRIORITY"] == "4")
        #expect(failed.first?["ATTEMPTS"] == "1")
        let entry = try #require(try JournalReader.entries(matching: ["MESSAGE_ID=\(EventKind.notificationGaveUp.messageID)",
                                                                      "NOTIFICATION_ID=\(id)"]).first)
        #expect(entry["PRIORITY"] == "3")
        #expect(entry["NOTIFIER"] == "pager")
        #expect(entry["INCIDENT_ID"] == Self.incident.id.description)
        #expect(entry["ATTEMPTS"] == "3")
        #expect(entry["REASON"] == "HTTP 503 Service Unavailable (3 attempts failed)")
        queue.sync { outbox.stop() }
    }

    @Test func aReloadThatRemovesTheNotifierGivesUpItsWaitingDeliveryAtOnce() async throws {
        let directory = try ScratchDirectory()
        let queue = DispatchQueue(label: "test.outbox")
        let port = RecordingPort { _ in .failed(reason: "exit status 1") }
        let gaveUp = GaveUp()
        let outbox = NotificationOutbox(queue: queue, sink: JournalWriter(), stateDirectory: directory.path,
                                        notifiers: Self.notifiers(), send: port.send)
        outbox.onGaveUp = { gaveUp.add($0, $1) }
        let id = Self.unique("orphan")
        queue.sync {
            outbox.load()
            outbox.enqueue([Self.delivery(id)])
        }
        // The default policy waits 10 s after the first failure: the entry is waiting, on disk.
        #expect(await waitUntil { Self.onQueue(queue) { outbox.summary.inFlight == 0 && outbox.outbox.entry(id)?.lastError != nil } })
        #expect(Self.files(in: directory).count == 1)
        queue.sync { outbox.updateSettings([:]) }
        #expect(gaveUp.all.map(\.id) == [id])
        #expect(gaveUp.all.first?.reason == "notifier pager is no longer in the configuration")
        #expect(Self.files(in: directory).isEmpty)
        #expect(port.attempts == [id])
        queue.sync { outbox.stop() }
    }

    @Test func aHangingNotifierHoldsAtMostMaxInFlightSlotsAndTheQueueStaysResponsive() async throws {
        let directory = try ScratchDirectory()
        let queue = DispatchQueue(label: "test.outbox")
        let release = DispatchSemaphore(value: 0)
        let port = RecordingPort { _ in
            release.wait()
            return .delivered
        }
        let outbox = NotificationOutbox(queue: queue, sink: JournalWriter(), stateDirectory: directory.path,
                                        notifiers: Self.notifiers(), maxInFlight: 3, send: port.send)
        let ids = (1...6).map { Self.unique("hanging-\($0)") }
        queue.sync {
            outbox.load()
            outbox.enqueue(ids.map { Self.delivery($0) })
        }
        #expect(await waitUntil { port.attempts.count == 3 })
        // The queue runs other work while three sends hang.
        let ran = ManagedAtomicFlag()
        queue.async { ran.set() }
        #expect(await waitUntil { ran.isSet })
        let summary = Self.onQueue(queue) { outbox.summary }
        #expect(summary.pending == 6 && summary.inFlight == 3, "\(summary)")
        #expect(port.attempts.count == 3, "no fourth attempt while every slot is held")
        #expect(Self.files(in: directory).count == 6, "every pending delivery is on disk")
        for _ in ids { release.signal() }
        #expect(await waitUntil { Self.onQueue(queue) { outbox.summary.pending == 0 } })
        #expect(Set(port.attempts) == Set(ids))
        #expect(port.peak <= 3)
        queue.sync { outbox.stop() }
    }

    @Test func aSendThatRunsFarPastItsTimeoutIsSaid() async throws {
        try JournalReader.requirePrivateJournald()
        let directory = try ScratchDirectory()
        let queue = DispatchQueue(label: "test.outbox")
        let release = DispatchSemaphore(value: 0)
        let port = RecordingPort { _ in
            release.wait()
            return .delivered
        }
        var notifiers = Self.notifiers()
        notifiers["pager"]?.timeout = .milliseconds(20)
        let outbox = NotificationOutbox(queue: queue, sink: JournalWriter(), stateDirectory: directory.path, notifiers: notifiers,
                                        overrunGrace: .milliseconds(20), send: port.send)
        let id = Self.unique("overrun")
        queue.sync {
            outbox.load()
            outbox.enqueue([Self.delivery(id)])
        }
        let entry = try #require(try JournalReader.entries(matching: ["NOTIFICATION_ID=\(id)", "PRIORITY=4"]).first)
        #expect(entry["NOTIFIER"] == "pager")
        #expect(entry["TIMEOUT"] == "20ms")
        #expect(entry["MESSAGE"]?.contains("its slot stays taken until the send returns") == true, "\(entry)")
        release.signal()
        #expect(await waitUntil { Self.onQueue(queue) { outbox.summary.pending == 0 } })
        queue.sync { outbox.stop() }
    }

    @Test func aNewComponentOnTheSameStateDirectorySendsWhatWasPendingWithTheSameIds() async throws {
        let directory = try ScratchDirectory()
        let firstQueue = DispatchQueue(label: "test.outbox.first")
        let release = DispatchSemaphore(value: 0)
        // The first daemon's sends never come back: it is "killed" while they are under way.
        let hanging = RecordingPort { _ in
            release.wait()
            return .failed(reason: "killed")
        }
        let first = NotificationOutbox(queue: firstQueue, sink: JournalWriter(), stateDirectory: directory.path,
                                       notifiers: Self.notifiers(), maxInFlight: 2, send: hanging.send)
        let base = Date()
        let ids = (1...3).map { Self.unique("pending-\($0)") }
        firstQueue.sync {
            first.load()
            first.enqueue(ids.enumerated().map { Self.delivery($1, createdAt: base.addingTimeInterval(Double($0))) })
        }
        #expect(await waitUntil { hanging.attempts.count == 2 })
        let left = OutboxFiles(stateDirectory: directory.path).load().entries
        #expect(left.map(\.id) == ids)
        #expect(left.map(\.attempts) == [1, 1, 0], "the attempts under way were counted on disk before their send")

        let secondQueue = DispatchQueue(label: "test.outbox.second")
        let port = RecordingPort { _ in .delivered }
        // One at a time, so the order of the attempts is the outbox's.
        let second = NotificationOutbox(queue: secondQueue, sink: JournalWriter(), stateDirectory: directory.path,
                                        notifiers: Self.notifiers(), maxInFlight: 1, send: port.send)
        secondQueue.sync { second.load() }
        #expect(await waitUntil { Self.onQueue(secondQueue) { second.summary.pending == 0 } })
        #expect(port.attempts == ids, "the same ids, oldest first")
        #expect(Self.files(in: directory).isEmpty)

        firstQueue.sync { first.stop() }
        release.signal()
        release.signal()
    }

    @Test func restoreHoldsEverythingUntilStartThenAGoneNotifierGivesUp() async throws {
        let directory = try ScratchDirectory()
        let files = OutboxFiles(stateDirectory: directory.path)
        let kept = Self.unique("kept")
        let orphan = Self.unique("orphan")
        try files.save(OutboxEntry(delivery: Self.delivery(kept), attempts: 1, nextAttemptAt: Date()))
        try files.save(OutboxEntry(delivery: Self.delivery(orphan, notifier: "gone"), attempts: 1, nextAttemptAt: Date()))
        let queue = DispatchQueue(label: "test.outbox")
        let port = RecordingPort { _ in .delivered }
        let gaveUp = GaveUp()
        let outbox = NotificationOutbox(queue: queue, sink: JournalWriter(), stateDirectory: directory.path,
                                        notifiers: Self.notifiers(), send: port.send)
        outbox.onGaveUp = { gaveUp.add($0, $1) }
        let fresh = Self.unique("fresh")
        // Between restore and start the daemon loads its incidents, which may enqueue.
        let held = queue.sync {
            outbox.restore()
            outbox.enqueue([Self.delivery(fresh)])
            return outbox.summary
        }
        #expect(held.pending == 3 && held.inFlight == 0, "\(held)")
        #expect(port.attempts.isEmpty && gaveUp.all.isEmpty, "nothing begun nor given up before start")
        #expect(Self.files(in: directory).count == 3, "the new one is on disk at once")

        queue.sync { outbox.start() }
        #expect(await waitUntil { Self.onQueue(queue) { outbox.summary.pending == 0 } })
        #expect(Set(port.attempts) == [kept, fresh])
        #expect(gaveUp.all.map(\.id) == [orphan])
        #expect(gaveUp.all.first?.reason == "notifier gone is no longer in the configuration")
        queue.sync { outbox.stop() }
    }
}

/// A flag set on one thread and read on another.
final class ManagedAtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
