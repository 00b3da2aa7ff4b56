import Foundation
import Testing
import VigilCore

/// The journal entries of silences and windows: their kind, and the fields `journalctl` filters on.
@Suite struct MaintenanceEventsTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z
    static let silence = Silence(id: "SIL-20270115-0001", checks: ["api", "database"], from: t0, until: t0 + 3600,
                                 reason: "kernel upgrade", by: "alice", createdAt: t0)

    @Test func aSilenceAddedCarriesItsIDChecksUntilReasonAndWho() {
        let event = JournalEvent.silenceAdded(Self.silence)
        #expect(event.kind == .silenceAdded)
        #expect(event.priority == .notice)
        #expect(event.message == "alice silenced api, database until 2027-01-15T09:00:00Z (SIL-20270115-0001): kernel upgrade")
        #expect(event.value(of: "SILENCE_ID") == "SIL-20270115-0001")
        #expect(event.value(of: "MAINTENANCE") == "SIL-20270115-0001")
        #expect(event.value(of: "CHECKS") == "api database")
        #expect(event.value(of: "UNTIL") == "2027-01-15T09:00:00Z")
        #expect(event.value(of: "REASON") == "kernel upgrade")
        #expect(event.value(of: "BY") == "alice")
    }

    @Test func removedAndExpired() {
        let removed = JournalEvent.silenceRemoved(Self.silence, by: "bob")
        #expect(removed.kind == .silenceRemoved)
        #expect(removed.value(of: "REMOVED_BY") == "bob")
        #expect(removed.value(of: "BY") == "alice")
        let expired = JournalEvent.silenceExpired(Self.silence)
        #expect(expired.kind == .silenceExpired)
        #expect(expired.message == "silence SIL-20270115-0001 of api, database ended")
    }

    @Test func aWindowOfEveryCheckSaysStar() {
        let cover = MaintenanceCalendar.Cover(source: .window("nightly"), checks: [], from: Self.t0, until: Self.t0 + 7200)
        let started = JournalEvent.maintenanceStarted(cover)
        #expect(started.kind == .maintenanceStarted)
        #expect(started.message == "maintenance window nightly started for every check until 2027-01-15T10:00:00Z")
        #expect(started.value(of: "CHECKS") == "*")
        #expect(started.value(of: "MAINTENANCE") == "nightly")
        #expect(started.value(of: "SILENCE_ID") == nil)
        #expect(JournalEvent.maintenanceEnded(cover).kind == .maintenanceEnded)
    }
}
