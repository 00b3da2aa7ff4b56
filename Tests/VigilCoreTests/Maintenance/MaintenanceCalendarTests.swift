import Foundation
import Testing
import VigilCore

/// Which window or silence covers a check at a time on a manual clock, and when the answer changes.
@Suite struct MaintenanceCalendarTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    static func at(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    static let nightly = MaintenanceWindow(name: "nightly", checks: ["database"],
                                           timing: .recurring(days: [.sunday], start: BackupSchedule.TimeOfDay("02:00")!,
                                                              duration: .seconds(7200)))

    static func silence(_ id: String, checks: [String], from: String, until: String) -> Silence {
        Silence(id: id, checks: checks, from: at(from), until: at(until), reason: "upgrade", by: "alice", createdAt: at(from))
    }

    @Test func aWindowCoversOnlyItsChecks() throws {
        let calendar = MaintenanceCalendar(windows: [Self.nightly], silences: [], timeZone: Self.berlin)
        let now = Self.at("2026-06-07T03:00:00+02:00")
        let cover = try #require(calendar.cover(of: "database", at: now))
        #expect(cover.source == .window("nightly"))
        #expect(cover.until == Self.at("2026-06-07T04:00:00+02:00"))
        #expect(calendar.cover(of: "api", at: now) == nil)
        #expect(calendar.cover(of: "database", at: Self.at("2026-06-07T04:00:00+02:00")) == nil)
    }

    @Test func aSilenceExpires() throws {
        let silence = Self.silence("SIL-20260610-0001", checks: [], from: "2026-06-10T12:00:00Z", until: "2026-06-10T13:00:00Z")
        let calendar = MaintenanceCalendar(windows: [], silences: [silence], timeZone: Self.berlin)
        let cover = try #require(calendar.cover(of: "anything", at: Self.at("2026-06-10T12:59:59Z")))
        #expect(cover.source == .silence("SIL-20260610-0001"))
        #expect(cover.reason == "upgrade")
        #expect(cover.by == "alice")
        #expect(calendar.cover(of: "anything", at: Self.at("2026-06-10T13:00:00Z")) == nil)
        #expect(calendar.expiredSilences(at: Self.at("2026-06-10T12:59:59Z")).isEmpty)
        #expect(calendar.expiredSilences(at: Self.at("2026-06-10T13:00:00Z")) == [silence])
    }

    @Test func theLongestCoverWins() throws {
        let short = Self.silence("SIL-20260607-0001", checks: ["database"], from: "2026-06-07T00:30:00Z", until: "2026-06-07T01:30:00Z")
        let calendar = MaintenanceCalendar(windows: [Self.nightly], silences: [short], timeZone: Self.berlin)
        let cover = try #require(calendar.cover(of: "database", at: Self.at("2026-06-07T01:00:00Z")))
        #expect(cover.source == .window("nightly"))
        #expect(calendar.active(at: Self.at("2026-06-07T01:00:00Z")).map(\.name) == ["nightly", "SIL-20260607-0001"])
    }

    @Test func theNextChangeIsTheNearestStartOrEnd() {
        let silence = Self.silence("SIL-20260606-0001", checks: ["api"], from: "2026-06-06T10:00:00Z", until: "2026-06-06T20:00:00Z")
        let calendar = MaintenanceCalendar(windows: [Self.nightly], silences: [silence], timeZone: Self.berlin)
        #expect(calendar.nextChange(after: Self.at("2026-06-06T11:00:00Z")) == Self.at("2026-06-06T20:00:00Z"))
        #expect(calendar.nextChange(after: Self.at("2026-06-06T20:00:00Z")) == Self.at("2026-06-07T02:00:00+02:00"))
        #expect(calendar.nextChange(after: Self.at("2026-06-07T02:00:00+02:00")) == Self.at("2026-06-07T04:00:00+02:00"))
        #expect(MaintenanceCalendar(windows: [], silences: [], timeZone: Self.berlin).nextChange(after: Self.at("2026-06-06T11:00:00Z")) == nil)
    }

    @Test func silenceIDsCountWithinTheirDay() {
        let day = Self.at("2027-01-15T08:00:00Z")
        #expect(Silence.nextID(madeOn: day, after: []) == "SIL-20270115-0001")
        #expect(Silence.nextID(madeOn: day, after: ["SIL-20270115-0001", "SIL-20270115-0007", "SIL-20270114-0009"]) == "SIL-20270115-0008")
        #expect(Silence.isID("SIL-20270115-0001"))
        #expect(!Silence.isID("INC-20270115-0001"))
        #expect(!Silence.isID("SIL-2027011-0001"))
    }
}
