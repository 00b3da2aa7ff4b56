import Foundation
import Testing
import VigilConfig
import VigilCore

/// `[[maintenance]]`: recurring and one-off windows read into the configuration, and each mistake
/// reported with its file, table, key and line.
@Suite struct MaintenanceConfigTests {
    static let checks = """
        [[check]]
        name = "api"
        kind = "disk"
        path = "/"

        [[check]]
        name = "database"
        kind = "disk"
        path = "/"

        """

    @Test func recurringAndOneOffWindowsAreRead() throws {
        let text = Self.checks + """
            [[maintenance]]
            name = "sunday-night"
            checks = ["api", "database"]
            days = ["sun", "wed"]
            start = "02:00"
            duration = "2h"

            [[maintenance]]
            name = "upgrade"
            from = 2027-01-15T22:00:00+01:00
            until = 2027-01-16T01:00:00Z

            """
        let configuration = try #require(ConfigTestHelpers.configuration(text))
        #expect(configuration.maintenance == [
            MaintenanceWindow(name: "sunday-night", checks: ["api", "database"],
                              timing: .recurring(days: [.sunday, .wednesday], start: BackupSchedule.TimeOfDay("02:00")!,
                                                 duration: .seconds(7200))),
            MaintenanceWindow(name: "upgrade", timing: .once(from: try Date("2027-01-15T21:00:00Z", strategy: .iso8601),
                                                             until: try Date("2027-01-16T01:00:00Z", strategy: .iso8601))),
        ])
    }

    @Test func noMaintenanceIsAnEmptyList() throws {
        #expect(try #require(ConfigTestHelpers.configuration(Self.checks)).maintenance.isEmpty)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var title: String
        var body: String
        var table: String
        var key: String?
        var message: String
        var line: Int
        var testDescription: String { title }
    }

    // `checks` takes lines 1–9; `[[maintenance]]` is line 10, its first key line 11.
    static let cases: [Case] = [
        Case(title: "both a schedule and from/until",
             body: "name = \"w\"\ndays = [\"sun\"]\nstart = \"02:00\"\nduration = \"1h\"\nfrom = 2027-01-15T22:00:00Z\nuntil = 2027-01-15T23:00:00Z\n",
             table: "maintenance \"w\"", key: "from",
             message: "give either a recurring schedule (days, start, duration) or a one-off from and until, not both", line: 15),
        Case(title: "neither", body: "name = \"w\"\nchecks = [\"api\"]\n", table: "maintenance \"w\"", key: nil,
             message: "give a recurring schedule (days, start, duration) or a one-off from and until", line: 10),
        Case(title: "a bad day name", body: "name = \"w\"\ndays = [\"sun\", \"mno\"]\nstart = \"02:00\"\nduration = \"1h\"\n",
             table: "maintenance \"w\"", key: "days[1]",
             message: "must be one of sun, mon, tue, wed, thu, fri or sat, got \"mno\"; did you mean \"mon\"?", line: 12),
        Case(title: "a bad start", body: "name = \"w\"\ndays = [\"sun\"]\nstart = \"2:00\"\nduration = \"1h\"\n",
             table: "maintenance \"w\"", key: "start",
             message: "expected a local time HH:MM from 00:00 to 23:59 such as \"02:00\", got \"2:00\"", line: 13),
        Case(title: "no duration", body: "name = \"w\"\ndays = [\"sun\"]\nstart = \"02:00\"\n",
             table: "maintenance \"w\"", key: "duration", message: "missing required key", line: 10),
        Case(title: "until before from", body: "name = \"w\"\nfrom = 2027-01-15T22:00:00Z\nuntil = 2027-01-15T21:00:00Z\n",
             table: "maintenance \"w\"", key: "until",
             message: "must be after from (2027-01-15T22:00:00Z), got 2027-01-15T21:00:00Z", line: 13),
        Case(title: "a local date-time", body: "name = \"w\"\nfrom = 2027-01-15T22:00:00\nuntil = 2027-01-15T23:00:00Z\n",
             table: "maintenance \"w\"", key: "from",
             message: "give the date-time's offset from UTC (such as 2027-01-15T22:00:00+01:00, or Z for UTC)", line: 12),
        Case(title: "an unknown check, with the closest name", body: "name = \"w\"\nchecks = [\"databse\"]\ndays = [\"sun\"]\nstart = \"02:00\"\nduration = \"1h\"\n",
             table: "maintenance \"w\"", key: "checks[0]", message: "no check named \"databse\" in any file; did you mean \"database\"?", line: 12),
        Case(title: "an unknown key", body: "name = \"w\"\ndays = [\"sun\"]\nstart = \"02:00\"\nduraton = \"1h\"\nduration = \"1h\"\n",
             table: "maintenance \"w\"", key: "duraton", message: "unknown key; did you mean \"duration\"?", line: 14),
        Case(title: "no name", body: "days = [\"sun\"]\nstart = \"02:00\"\nduration = \"1h\"\n",
             table: "maintenance[1]", key: "name", message: "missing required key", line: 10),
    ]

    @Test(arguments: cases)
    func reportsExactlyThisError(_ example: Case) {
        let errors = ConfigTestHelpers.errors(Self.checks + "[[maintenance]]\n" + example.body)
        #expect(errors.count == 1, "\(errors)")
        guard let error = errors.first else { return }
        #expect(error.file == "bad.toml")
        #expect(error.table == example.table)
        #expect(error.key == example.key)
        #expect(error.message == example.message)
        #expect(error.line == example.line)
    }

    @Test func theSecondWindowOfAFileIsNamedByItsPlace() {
        let window = "[[maintenance]]\nname = \"a\"\ndays = [\"sun\"]\nstart = \"02:00\"\nduration = \"1h\"\n"
        let errors = ConfigTestHelpers.errors(Self.checks + window + "[[maintenance]]\nname = \"a b\"\ndays = [\"sun\"]\nstart = \"02:00\"\nduration = \"1h\"\n")
        #expect(errors.map(\.description) == [
            "bad.toml:16:1: maintenance \"a b\": name: a maintenance name must be made of letters, digits, \"_\", \".\" and \"-\", got \"a b\""
        ])
        let duplicate = ConfigTestHelpers.errors(files: [("one.toml", Self.checks + window), ("two.toml", window)])
        #expect(duplicate.map(\.description) == ["two.toml:2:1: maintenance \"a\": name: duplicate maintenance name \"a\": already defined in one.toml"])
    }
}
