import Foundation
import Testing
import VigilCore

/// The outbox's decisions with a manual clock: what starts, in which order, how a failure is
/// retried and when it is given up, what is saved before a send.
@Suite struct OutboxTests {
    typealias S = OutboxSamples

    @Test func anEnqueuedDeliveryIsSavedThenCountedAndSavedAgainBeforeItsSend() throws {
        var outbox = S.outbox()
        let enqueued = outbox.enqueue([S.delivery("n1")], at: Clock.at(0))
        #expect(enqueued == [.save(OutboxEntry(delivery: S.delivery("n1"), nextAttemptAt: Clock.at(0)))])
        let outputs = outbox.dispatch(at: Clock.at(0))
        #expect(outputs.count == 2)
        guard case let .save(saved) = outputs.first, case let .send(sent, settings) = outputs.last else {
            Issue.record("expected save then send, got \(outputs)")
            return
        }
        #expect(saved.attempts == 1, "the attempt is counted on disk before the send")
        #expect(saved.lastAttemptAt == Clock.at(0))
        #expect(sent == saved)
        #expect(settings == S.notifier())
        #expect(outbox.inFlight == ["n1"])
        #expect(outbox.dispatch(at: Clock.at(1)).isEmpty, "an attempt under way is not begun twice")
    }

    @Test func aDeliveredEntryIsRemovedAndLeavesNothingPending() {
        var outbox = S.outbox()
        _ = outbox.enqueue([S.delivery("n1")], at: Clock.at(0))
        _ = outbox.dispatch(at: Clock.at(0))
        let outputs = outbox.finished("n1", result: .delivered, at: Clock.at(1))
        #expect(outputs == [.remove(id: "n1")], "no journal entry for an ordinary delivery")
        #expect(outbox.entries.isEmpty && outbox.inFlight.isEmpty)
        #expect(outbox.nextDeadline == nil)
        #expect(outbox.finished("n1", result: .delivered, at: Clock.at(2)).isEmpty, "an unknown attempt's end is ignored")
    }

    @Test func failuresBackOff10s20s40sCappedAt10mThenGiveUpAfter8() throws {
        var outbox = S.outbox()
        _ = outbox.enqueue([S.delivery("n1")], at: Clock.at(0))
        var now = Clock.at(0)
        var waits: [TimeInterval] = []
        var final: [OutboxOutput] = []
        for attempt in 1...8 {
            #expect(outbox.nextDeadline == now)
            #expect(outbox.dispatch(at: now).sent == ["n1"], "attempt \(attempt)")
            let outputs = outbox.finished("n1", result: .failed(reason: "exit status 1"), at: now)
            guard attempt < 8 else {
                final = outputs
                break
            }
            let entry = try #require(outputs.saved.first)
            #expect(entry.attempts == attempt)
            #expect(entry.lastError == "exit status 1")
            #expect(outbox.dispatch(at: entry.nextAttemptAt.addingTimeInterval(-0.001)).isEmpty, "not before its time")
            waits.append(entry.nextAttemptAt.timeIntervalSince(now))
            now = entry.nextAttemptAt
        }
        #expect(waits == [10, 20, 40, 80, 160, 320, 600])
        #expect(final.removed == ["n1"])
        let gaveUp = try #require(final.gaveUp.first)
        #expect(gaveUp.0 == S.delivery("n1"))
        #expect(gaveUp.1 == "exit status 1 (8 attempts failed)")
        let event = try #require(final.events.first { $0.kind == .notificationGaveUp })
        #expect(event.priority == .error)
        #expect(event.value(of: "INCIDENT_ID") == "INC-20270115-0001")
        #expect(event.value(of: "NOTIFIER") == "pager")
        #expect(event.value(of: "NOTIFICATION_ID") == "n1")
        #expect(event.value(of: "ATTEMPTS") == "8")
        #expect(event.value(of: "REASON") == "exit status 1 (8 attempts failed)")
        #expect(outbox.entries.isEmpty && outbox.nextDeadline == nil)
    }

    @Test func theNotifiersOwnPolicyDecides() throws {
        var outbox = Outbox(notifiers: ["hook": S.notifier("hook", retry: RetryPolicy(attempts: 2, backoff: .milliseconds(50),
                                                                                          backoffMax: .seconds(1)))])
        _ = outbox.enqueue([S.delivery("n1", notifier: "hook")], at: Clock.at(0))
        _ = outbox.dispatch(at: Clock.at(0))
        let first = outbox.finished("n1", result: .failed(reason: "HTTP 503"), at: Clock.at(0))
        #expect(first.saved.first?.nextAttemptAt == Clock.at(0.05))
        _ = outbox.dispatch(at: Clock.at(0.05))
        #expect(outbox.finished("n1", result: .failed(reason: "HTTP 503"), at: Clock.at(0.05)).gaveUp.count == 1)
    }

    @Test func atMostMaxInFlightAttemptsAtOnceOldestFirst() {
        var outbox = S.outbox(maxInFlight: 3)
        // Enqueued out of order: the order is when each was asked for.
        _ = outbox.enqueue([S.delivery("e", createdAt: 5), S.delivery("b", createdAt: 2), S.delivery("a", createdAt: 1)], at: Clock.at(10))
        _ = outbox.enqueue([S.delivery("d", createdAt: 4), S.delivery("c", createdAt: 3)], at: Clock.at(10))
        #expect(outbox.entries.map(\.id) == ["a", "b", "c", "d", "e"])
        #expect(outbox.dispatch(at: Clock.at(10)).sent == ["a", "b", "c"])
        #expect(outbox.due(at: Clock.at(10)).isEmpty, "every slot is taken")
        #expect(outbox.nextDeadline == nil, "nothing to wake for until an attempt ends")
        _ = outbox.finished("b", result: .delivered, at: Clock.at(11))
        #expect(outbox.nextDeadline == Clock.at(10))
        #expect(outbox.dispatch(at: Clock.at(11)).sent == ["d"])
        _ = outbox.finished("a", result: .failed(reason: "timeout"), at: Clock.at(12))
        #expect(outbox.dispatch(at: Clock.at(12)).sent == ["e"], "the failed one waits its backoff; the next in line goes")
        #expect(outbox.summary == OutboxSummary(pending: 4, inFlight: 3, oldestCreatedAt: Clock.at(1), oldestNotifier: "pager",
                                                oldestLastError: "timeout"))
    }

    @Test func theSameIdEnqueuedAgainIsKeptOnce() {
        var outbox = S.outbox()
        _ = outbox.enqueue([S.delivery("n1")], at: Clock.at(0))
        _ = outbox.dispatch(at: Clock.at(0))
        #expect(outbox.enqueue([S.delivery("n1"), S.delivery("n1")], at: Clock.at(1)).isEmpty)
        #expect(outbox.entries.count == 1)
    }

    @Test func restoredEntriesAreDueNowAndThoseInFlightAtTheKillAreSentAgainWithTheSameId() throws {
        var before = S.outbox()
        _ = before.enqueue([S.delivery("n1"), S.delivery("n2", createdAt: 1)], at: Clock.at(0))
        let begun = before.dispatch(at: Clock.at(0)).saved
        _ = before.finished("n2", result: .failed(reason: "refused"), at: Clock.at(0))
        // The daemon was killed while n1 was being sent: the disk holds n1 counted once, n2 failed once.
        var files = Dictionary(uniqueKeysWithValues: begun.map { ($0.id, $0) })
        files["n2"] = before.entry("n2")
        var after = S.outbox()
        after.restore(Array(files.values), at: Clock.at(1_000))
        #expect(after.entries.map(\.id) == ["n1", "n2"])
        #expect(after.nextDeadline == Clock.at(1_000))
        let outputs = after.dispatch(at: Clock.at(1_000))
        #expect(outputs.sent == ["n1", "n2"])
        #expect(outputs.saved.map(\.attempts) == [2, 2], "the cut-short attempt counts")
        #expect(outputs.saved.first?.delivery == S.delivery("n1"))
    }

    @Test func aDeliveryWhoseNotifierIsGoneGivesUpNamingWhy() throws {
        var outbox = S.outbox(["pager", "mail"])
        _ = outbox.enqueue([S.delivery("p1"), S.delivery("m1", notifier: "mail"), S.delivery("m2", notifier: "mail", createdAt: 1)],
                           at: Clock.at(0))
        #expect(outbox.dispatch(at: Clock.at(0)).sent == ["m1", "p1", "m2"], "same time: by id")
        _ = outbox.finished("m2", result: .failed(reason: "exit status 1"), at: Clock.at(1))
        let reload = outbox.updateNotifiers(["pager": S.notifier()], at: Clock.at(2))
        #expect(reload.gaveUp.map(\.0.id) == ["m2"], "the waiting one gives up at once")
        #expect(reload.gaveUp.first?.1 == "notifier mail is no longer in the configuration")
        #expect(reload.removed == ["m2"])
        let ended = outbox.finished("m1", result: .failed(reason: "exit status 1"), at: Clock.at(3))
        #expect(ended.gaveUp.first?.1 == "exit status 1; notifier mail is no longer in the configuration")
        #expect(outbox.entries.map(\.id) == ["p1"])

        var restored = S.outbox(["pager"])
        restored.restore([OutboxEntry(delivery: S.delivery("m3", notifier: "mail"), nextAttemptAt: Clock.at(0))], at: Clock.at(5))
        let dispatched = restored.dispatch(at: Clock.at(5))
        #expect(dispatched.sent.isEmpty)
        #expect(dispatched.events.first?.kind == .notificationGaveUp)
        #expect(dispatched.events.first?.value(of: "REASON") == "notifier mail is no longer in the configuration")
    }
}
