import Testing
import VigilConfig
import VigilCore

/// `[backup]` as an operator writes it: every key read, the defaults the code applies.
@Suite struct BackupConfigTests {
    @Test func everyKeyAndTheDefaults() throws {
        let full = try #require(ConfigTestHelpers.configuration(ConfigTestHelpers.databasePreamble + """
            [backup]
            database = "main"
            destination = "/srv/backups"
            storage = ["/srv/alexandria/files", "/srv/alexandria/plugins"]
            config = ["/etc/alexandria/alexandria.toml"]
            keep = 3
            keep_for = "48h"
            timeout = "30m"
            pg_dump = "/usr/lib/postgresql/15/bin/pg_dump"
            units = ["alexandria-api.service", "alexandria-worker.service"]
            verify = "restore"
            """))
        #expect(full.backup == BackupSettings(database: "main", storage: ["/srv/alexandria/files", "/srv/alexandria/plugins"],
                                              config: ["/etc/alexandria/alexandria.toml"], destination: "/srv/backups", keep: 3,
                                              keepFor: .seconds(48 * 3600), timeout: .seconds(1800),
                                              pgDump: "/usr/lib/postgresql/15/bin/pg_dump",
                                              units: ["alexandria-api.service", "alexandria-worker.service"], verify: .restore))
        #expect(full.backup?.pgRestore == "/usr/lib/postgresql/15/bin/pg_restore")

        let minimal = try #require(ConfigTestHelpers.configuration(ConfigTestHelpers.databasePreamble
            + "[backup]\ndatabase = \"main\"\ndestination = \"/srv/backups\"\n"))
        #expect(minimal.backup == BackupSettings(database: "main", destination: "/srv/backups"))
        #expect(minimal.backup?.keep == 7 && minimal.backup?.keepFor == .seconds(7 * 24 * 3600))
        #expect(minimal.backup?.units == [])
        #expect(minimal.backup?.verify == .files)
        #expect(ConfigTestHelpers.configuration(ConfigTestHelpers.databasePreamble)?.backup == nil)
    }

    @Test func aScheduleIsDailyAtALocalTimeOrEveryInterval() throws {
        func schedule(_ line: String) throws -> BackupSchedule? {
            try #require(ConfigTestHelpers.configuration(ConfigTestHelpers.databasePreamble
                + "[backup]\ndatabase = \"main\"\ndestination = \"/srv/backups\"\n" + line)).backup?.schedule
        }
        #expect(try schedule("daily_at = \"02:30\"\n") == .daily(at: BackupSchedule.TimeOfDay(hour: 2, minute: 30)!))
        #expect(try schedule("every = \"6h\"\n") == .every(.seconds(6 * 3600)))
        #expect(try schedule("every = \"1s\"\n") == .every(.seconds(1)))
        #expect(try schedule("") == nil)
    }
}
