import Foundation
import Testing
import VigilCore

/// Whether a recurring or one-off maintenance window contains an instant, read off a manual clock
/// in Berlin's zone: ordinary days, day boundaries, a window across midnight and both clock changes.
@Suite struct MaintenanceWindowTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    static func at(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    static func recurring(_ days: [String], _ start: String, _ duration: Duration) -> MaintenanceWindow {
        MaintenanceWindow(name: "nightly", timing: .recurring(days: Set(days.compactMap(Weekday.init(name:))),
                                                             start: BackupSchedule.TimeOfDay(start)!, duration: duration))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var window: MaintenanceWindow
        var at: String
        /// The occurrence's start and end, or nil when the instant is outside every occurrence.
        var occurrence: (String, String)?
        var testDescription: String { name }
    }

    static let sundayNight = recurring(["sun"], "02:00", .seconds(7200))
    static let acrossMidnight = recurring(["sat"], "23:00", .seconds(3 * 3600))
    static let wholeMonday = recurring(["mon"], "00:00", .seconds(86_400))

    @Test(arguments: [
        Case(name: "inside on an ordinary Sunday", window: sundayNight, at: "2026-06-07T03:00:00+02:00",
             occurrence: ("2026-06-07T02:00:00+02:00", "2026-06-07T04:00:00+02:00")),
        Case(name: "its first second is inside", window: sundayNight, at: "2026-06-07T02:00:00+02:00",
             occurrence: ("2026-06-07T02:00:00+02:00", "2026-06-07T04:00:00+02:00")),
        Case(name: "its end is outside", window: sundayNight, at: "2026-06-07T04:00:00+02:00", occurrence: nil),
        Case(name: "a second before it is outside", window: sundayNight, at: "2026-06-07T01:59:59+02:00", occurrence: nil),
        Case(name: "not on a Monday", window: sundayNight, at: "2026-06-08T03:00:00+02:00", occurrence: nil),
        Case(name: "across midnight: Saturday's window goes on into Sunday", window: acrossMidnight, at: "2026-06-07T01:30:00+02:00",
             occurrence: ("2026-06-06T23:00:00+02:00", "2026-06-07T02:00:00+02:00")),
        Case(name: "across midnight: not on Sunday evening", window: acrossMidnight, at: "2026-06-07T23:30:00+02:00", occurrence: nil),
        Case(name: "across midnight: over at 02:00 Sunday", window: acrossMidnight, at: "2026-06-07T02:00:00+02:00", occurrence: nil),
        Case(name: "a whole Monday: its first second", window: wholeMonday, at: "2026-06-08T00:00:00+02:00",
             occurrence: ("2026-06-08T00:00:00+02:00", "2026-06-09T00:00:00+02:00")),
        Case(name: "a whole Monday: its last second", window: wholeMonday, at: "2026-06-08T23:59:59+02:00",
             occurrence: ("2026-06-08T00:00:00+02:00", "2026-06-09T00:00:00+02:00")),
        Case(name: "a whole Monday: not Tuesday midnight", window: wholeMonday, at: "2026-06-09T00:00:00+02:00", occurrence: nil),
        Case(name: "a whole Monday: not Sunday's last second", window: wholeMonday, at: "2026-06-07T23:59:59+02:00", occurrence: nil),
        Case(name: "spring forward: 02:00 does not exist, the window starts at 03:00 and ends at 04:00", window: sundayNight,
             at: "2026-03-29T03:30:00+02:00", occurrence: ("2026-03-29T03:00:00+02:00", "2026-03-29T04:00:00+02:00")),
        Case(name: "spring forward: not before the jump", window: sundayNight, at: "2026-03-29T01:59:59+01:00", occurrence: nil),
        Case(name: "spring forward: over at 04:00", window: sundayNight, at: "2026-03-29T04:00:00+02:00", occurrence: nil),
        Case(name: "fall back: from the first 02:00 to 04:00, three hours", window: sundayNight,
             at: "2026-10-25T02:30:00+01:00", occurrence: ("2026-10-25T02:00:00+02:00", "2026-10-25T04:00:00+01:00")),
        Case(name: "fall back: inside at 03:30", window: sundayNight, at: "2026-10-25T03:30:00+01:00",
             occurrence: ("2026-10-25T02:00:00+02:00", "2026-10-25T04:00:00+01:00")),
        Case(name: "fall back: over at 04:00", window: sundayNight, at: "2026-10-25T04:00:00+01:00", occurrence: nil),
        Case(name: "one-off: inside", window: MaintenanceWindow(name: "upgrade", timing: .once(from: at("2026-12-24T22:00:00+01:00"),
                                                                                                 until: at("2026-12-25T01:00:00+01:00"))),
             at: "2026-12-25T00:00:00+01:00", occurrence: ("2026-12-24T22:00:00+01:00", "2026-12-25T01:00:00+01:00")),
        Case(name: "one-off: over", window: MaintenanceWindow(name: "upgrade", timing: .once(from: at("2026-12-24T22:00:00+01:00"),
                                                                                            until: at("2026-12-25T01:00:00+01:00"))),
             at: "2026-12-25T01:00:00+01:00", occurrence: nil),
    ])
    func occurrence(_ example: Case) {
        let found = example.window.occurrence(containing: Self.at(example.at), timeZone: Self.berlin)
        let expected = example.occurrence.map { DateInterval(start: Self.at($0.0), end: Self.at($0.1)) }
        #expect(found == expected, "\(found.map { "\(WallClock.text($0.start))–\(WallClock.text($0.end))" } ?? "none")")
    }

    @Test func nextBoundaryIsTheNextStartOrEnd() {
        let window = Self.acrossMidnight
        #expect(window.nextBoundary(after: Self.at("2026-06-06T12:00:00+02:00"), timeZone: Self.berlin) == Self.at("2026-06-06T23:00:00+02:00"))
        #expect(window.nextBoundary(after: Self.at("2026-06-06T23:00:00+02:00"), timeZone: Self.berlin) == Self.at("2026-06-07T02:00:00+02:00"))
        #expect(window.nextBoundary(after: Self.at("2026-06-07T02:00:00+02:00"), timeZone: Self.berlin) == Self.at("2026-06-13T23:00:00+02:00"))
    }

    @Test func weekdayNames() {
        #expect(Weekday(name: "sun") == .sunday)
        #expect(Weekday(name: "sat") == .saturday)
        #expect(Weekday(name: "Sunday") == nil)
        #expect(Weekday(name: "") == nil)
        #expect(Weekday.allCases.map(\.name) == ["sun", "mon", "tue", "wed", "thu", "fri", "sat"])
    }
}
