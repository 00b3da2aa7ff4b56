import Foundation
import Testing
import VigilCore

/// When the daemon's next backup is due: the next slot, a catch-up soon after start when a slot
/// was missed, no retry loop after a failure, and the days clocks change.
@Suite struct BackupScheduleTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    static let newYork = TimeZone(identifier: "America/New_York")!
    static let kolkata = TimeZone(identifier: "Asia/Kolkata")!
    static let utc = TimeZone(identifier: "UTC")!

    static func at(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    static let nightly = BackupSchedule.daily(at: BackupSchedule.TimeOfDay(hour: 2, minute: 30)!)

    struct DueCase: Sendable, CustomTestStringConvertible {
        var name: String
        var schedule: BackupSchedule
        var now: String
        var newestVerified: String?
        var lastAttempt: String?
        var due: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        DueCase(name: "no backup yet: a minute after start", schedule: nightly, now: "2026-06-10T12:00:00+02:00",
                newestVerified: nil, lastAttempt: nil, due: "2026-06-10T12:01:00+02:00"),
        DueCase(name: "backed up tonight: tomorrow's slot", schedule: nightly, now: "2026-06-10T12:00:00+02:00",
                newestVerified: "2026-06-10T02:30:00+02:00", due: "2026-06-11T02:30:00+02:00"),
        DueCase(name: "a second before the slot: the slot", schedule: nightly, now: "2026-06-10T02:29:59+02:00",
                newestVerified: "2026-06-09T02:30:00+02:00", due: "2026-06-10T02:30:00+02:00"),
        DueCase(name: "at the slot: the slot itself, not a catch-up", schedule: nightly, now: "2026-06-10T02:30:00+02:00",
                newestVerified: "2026-06-09T02:30:00+02:00", due: "2026-06-10T02:30:00+02:00"),
        DueCase(name: "a second after a missed slot: catch-up", schedule: nightly, now: "2026-06-10T02:30:01+02:00",
                newestVerified: "2026-06-09T02:30:00+02:00", due: "2026-06-10T02:31:01+02:00"),
        DueCase(name: "newest older than a day: catch-up", schedule: nightly, now: "2026-06-10T01:00:00+02:00",
                newestVerified: "2026-06-08T02:30:00+02:00", due: "2026-06-10T01:01:00+02:00"),
        DueCase(name: "down over the slot, newest only 17 h old: catch-up", schedule: nightly, now: "2026-06-10T03:00:00+02:00",
                newestVerified: "2026-06-09T10:00:00+02:00", due: "2026-06-10T03:01:00+02:00"),
        DueCase(name: "manual backup after the slot: the next slot", schedule: nightly, now: "2026-06-10T12:00:00+02:00",
                newestVerified: "2026-06-10T10:00:00+02:00", due: "2026-06-11T02:30:00+02:00"),
        DueCase(name: "tonight's attempt failed: tomorrow, not a loop", schedule: nightly, now: "2026-06-10T02:31:00+02:00",
                newestVerified: "2026-06-01T02:30:00+02:00", lastAttempt: "2026-06-10T02:30:05+02:00", due: "2026-06-11T02:30:00+02:00"),
        DueCase(name: "every 6h: six hours after the newest", schedule: .every(.seconds(6 * 3600)), now: "2026-06-10T12:00:00Z",
                newestVerified: "2026-06-10T11:00:00Z", due: "2026-06-10T17:00:00Z"),
        DueCase(name: "every 6h, newest 6h old exactly: due now", schedule: .every(.seconds(6 * 3600)), now: "2026-06-10T12:00:00Z",
                newestVerified: "2026-06-10T06:00:00Z", due: "2026-06-10T12:00:00Z"),
        DueCase(name: "every 6h, newest 7h old: catch-up after a minute", schedule: .every(.seconds(6 * 3600)), now: "2026-06-10T12:00:00Z",
                newestVerified: "2026-06-10T05:00:00Z", due: "2026-06-10T12:01:00Z"),
        DueCase(name: "every 6h, failed 10 min ago, no backup: six hours after the attempt", schedule: .every(.seconds(6 * 3600)),
                now: "2026-06-10T12:00:00Z", lastAttempt: "2026-06-10T11:50:00Z", due: "2026-06-10T17:50:00Z"),
        DueCase(name: "every 2s, no backup: a tenth of the period", schedule: .every(.seconds(2)), now: "2026-06-10T12:00:00Z",
                due: "2026-06-10T12:00:00.200Z"),
        DueCase(name: "every 2s, the last 1s ago: a second from now", schedule: .every(.seconds(2)), now: "2026-06-10T12:00:00Z",
                newestVerified: "2026-06-10T11:59:59Z", due: "2026-06-10T12:00:01Z"),
    ])
    func nextDue(_ example: DueCase) {
        let due = example.schedule.nextDue(at: Self.at(example.now), newestVerified: example.newestVerified.map(Self.at),
                                           lastAttempt: example.lastAttempt.map(Self.at), timeZone: Self.berlin)
        #expect(abs(due.timeIntervalSince(Self.at(example.due))) < 0.001, "\(WallClock.text(due))")
    }

    struct SlotCase: Sendable, CustomTestStringConvertible {
        var name: String
        var time: String
        var zone: TimeZone
        var after: String
        var slot: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        SlotCase(name: "an ordinary day", time: "02:30", zone: berlin, after: "2026-06-09T02:30:00+02:00", slot: "2026-06-10T02:30:00+02:00"),
        SlotCase(name: "later the same day", time: "23:05", zone: berlin, after: "2026-06-09T02:30:00+02:00", slot: "2026-06-09T23:05:00+02:00"),
        SlotCase(name: "spring forward: 02:30 does not exist, 03:00 is the first minute after", time: "02:30", zone: berlin,
                 after: "2026-03-28T02:30:00+01:00", slot: "2026-03-29T03:00:00+02:00"),
        SlotCase(name: "spring forward: 02:00 does not exist either", time: "02:00", zone: berlin,
                 after: "2026-03-28T12:00:00+01:00", slot: "2026-03-29T03:00:00+02:00"),
        SlotCase(name: "spring forward: 03:00 exists", time: "03:00", zone: berlin,
                 after: "2026-03-28T03:00:00+01:00", slot: "2026-03-29T03:00:00+02:00"),
        SlotCase(name: "spring forward: 01:59 exists", time: "01:59", zone: berlin,
                 after: "2026-03-28T03:00:00+01:00", slot: "2026-03-29T01:59:00+01:00"),
        SlotCase(name: "the day after spring forward", time: "02:30", zone: berlin,
                 after: "2026-03-29T03:00:00+02:00", slot: "2026-03-30T02:30:00+02:00"),
        SlotCase(name: "fall back: 02:30 twice, the first one", time: "02:30", zone: berlin,
                 after: "2026-10-24T02:30:00+02:00", slot: "2026-10-25T02:30:00+02:00"),
        SlotCase(name: "fall back: not again at the second 02:30", time: "02:30", zone: berlin,
                 after: "2026-10-25T02:30:00+02:00", slot: "2026-10-26T02:30:00+01:00"),
        SlotCase(name: "New York spring forward: 02:15 runs at 03:00", time: "02:15", zone: newYork,
                 after: "2026-03-07T02:15:00-05:00", slot: "2026-03-08T03:00:00-04:00"),
        SlotCase(name: "New York fall back: 01:30 the first time", time: "01:30", zone: newYork,
                 after: "2026-10-31T01:30:00-04:00", slot: "2026-11-01T01:30:00-04:00"),
        SlotCase(name: "a half-hour offset", time: "02:30", zone: kolkata, after: "2026-06-09T21:00:00Z", slot: "2026-06-10T21:00:00Z"),
        SlotCase(name: "UTC midnight", time: "00:00", zone: utc, after: "2026-06-10T00:00:00Z", slot: "2026-06-11T00:00:00Z"),
        SlotCase(name: "UTC, a second before the slot", time: "00:00", zone: utc, after: "2026-06-10T23:59:59Z", slot: "2026-06-11T00:00:00Z"),
    ])
    func dailySlot(_ example: SlotCase) throws {
        let time = try #require(BackupSchedule.TimeOfDay(example.time))
        let slot = BackupSchedule.daily(at: time).firstSlot(after: Self.at(example.after), timeZone: example.zone)
        #expect(slot == Self.at(example.slot), "\(WallClock.text(slot))")
    }

    @Test(arguments: [("02:30", "02:30"), ("00:00", "00:00"), ("23:59", "23:59"), ("24:00", nil), ("25:00", nil), ("00:60", nil),
                      ("2:30", nil), ("0230", nil), ("02:3a", nil), ("+1:30", nil), ("02:30:00", nil), ("", nil), ("٠٢:٣٠", nil)])
    func timeOfDayText(_ text: String, _ parsed: String?) {
        #expect(BackupSchedule.TimeOfDay(text)?.description == parsed)
    }

    @Test func catchUpWaitsATenthOfThePeriodAtMostAMinute() {
        #expect(Self.nightly.catchUpDelay == .seconds(60))
        #expect(BackupSchedule.every(.seconds(6 * 3600)).catchUpDelay == .seconds(60))
        #expect(BackupSchedule.every(.seconds(2)).catchUpDelay == .milliseconds(200))
        #expect(BackupSchedule.every(.seconds(600)).catchUpDelay == .seconds(60))
        #expect(BackupSchedule.every(.seconds(300)).catchUpDelay == .seconds(30))
        #expect(Self.nightly.period == .seconds(86_400))
    }
}
