import Foundation
import Testing
import VigilCore
@testable import VigilDaemon

@Suite("StatusText")
struct StatusTextTests {
    @Test("a daemon in trouble: open breaker, suppressed, soft, flapping, a stopped plan and a running attempt")
    func fullText() {
        let text = StatusText.render(StatusSample.document(), now: StatusSample.reportTime.addingTimeInterval(2))
        #expect(text == """
            vigil 0.1.0, pid 4242, up since 2027-01-15T08:00:00Z (2h3m)
            report of 2027-01-15T10:03:07Z (2s ago): CRITICAL · 5 checks · 1 warning · 2 critical · 1 unknown

            CHECK     STATUS    STATE                     SINCE      FLAPPING   BREAKER               SUPPRESSED BY  REASON
            database  CRITICAL  HARD                      08:58:00Z  no 0%      OPEN since 09:58:00Z  -              circuit open since 2027-01-15T09:58:00Z, last error: connection refused
            api       UNKNOWN   HARD                      08:58:20Z  no 0%      CLOSED                database       dependency database is CRITICAL
            queue     WARNING   SOFT (confirmed HEALTHY)  08:00:00Z  no 9.5%    -                     -              QUEUE WARNING - 120 jobs waiting
            web       CRITICAL  HARD                      09:56:40Z  yes 42.5%  HALF_OPEN             -              HTTP 502 from http://127.0.0.1:8080/health
            memory    HEALTHY   HARD                      08:00:00Z  no 0%      -                     -              22.6 GiB of 23.5 GiB available (96%)

            PLAN         TARGET         MODE     BUDGET  NEXT ATTEMPT  STATE
            restart-db   database:main  enforce  0/3     -             STOPPED since 10:00:00Z (vigil resume restart-db)
            restart-web  check:web      dry-run  2/3     10:05:00Z     running: web attempt 2 since 10:03:00Z, step 1 of 2: restart_unit web.service
            """)
    }

    @Test("the daemon's backups: when the next is due, or since when one runs")
    func backups() throws {
        var document = StatusSample.document()
        let now = StatusSample.reportTime
        let nightly = try #require(BackupSchedule.TimeOfDay(hour: 2, minute: 30))
        document.backups = BackupScheduleView(schedule: .daily(at: nightly), destination: "/backups",
                                              nextDue: now.addingTimeInterval(3 * 3600 + 300), runningSince: nil)
        #expect(StatusText.render(document, now: now).hasSuffix("\n\nbackups daily at 02:30 into /backups: next at 13:08:07Z (in 3h5m)"))
        document.backups = BackupScheduleView(schedule: .every(.seconds(6 * 3600)), destination: "/backups", nextDue: nil,
                                              runningSince: now.addingTimeInterval(-95))
        #expect(StatusText.render(document, now: now).hasSuffix("\n\nbackups every 6h into /backups: running since 10:01:32Z (1m35s)"))
        let decoded = try StatusDocument.decode(json: document.json())
        #expect(decoded.backups == document.backups)
        #expect(String(decoding: document.json(), as: UTF8.self).contains("\"runningSince\" : \""))
    }

    @Test("an unresolved incident: a line each, last; status.json names its keys in camelCase")
    func incidents() throws {
        var document = StatusSample.document()
        let now = StatusSample.reportTime
        var incident = Incident(id: IncidentID(openedOn: now, number: 7), title: "db is CRITICAL", severity: .p1,
                                openedAt: now.addingTimeInterval(-750),
                                checks: [Incident.Check(name: "db", severity: .p1, status: .critical),
                                         Incident.Check(name: "api", severity: .p2, status: .critical)])
        incident.escalationLevel = 1
        document.incidents = [IncidentView(incident)]
        #expect(StatusText.render(document, now: now).hasSuffix(
            "\n\nincident INC-20270115-0007 P1 open since 09:50:37Z (12m30s): db is CRITICAL (checks db, api, level 1)"))
        let decoded = try StatusDocument.decode(json: document.json())
        #expect(decoded.incidents == document.incidents)
        let json = String(decoding: document.json(), as: UTF8.self)
        #expect(json.contains("\"openedAt\" : \"") && json.contains("\"escalationLevel\" : 1"))
        document.incidents = []
        #expect(!StatusText.render(document, now: now).contains("incident"))
    }

    @Test("windows and silences in force: a line each, last; status.json lists them under maintenance and reads them back")
    func maintenance() throws {
        var document = StatusSample.document()
        let now = StatusSample.reportTime
        document.maintenance = [
            MaintenanceView(MaintenanceCalendar.Cover(source: .window("nightly"), checks: [], from: now - 600, until: now + 3600)),
            MaintenanceView(MaintenanceCalendar.Cover(source: .silence("SIL-20270115-0001"), checks: ["api", "db"], from: now,
                                                      until: now + 1800, reason: "kernel upgrade", by: "alice"), request: "ab"),
        ]
        #expect(StatusText.render(document, now: now).hasSuffix(
            "\n\nmaintenance window nightly of every check until 11:03:07Z"
            + "\nsilence SIL-20270115-0001 of api, db until 10:33:07Z (by alice: kernel upgrade)"))
        let decoded = try StatusDocument.decode(json: document.json())
        #expect(decoded.maintenance == document.maintenance)
        document.maintenance = []
        #expect(!StatusText.render(document, now: now).contains("silence"))
    }

    @Test("who leads the [coordination] hosts: this host, another, or nobody known; status.json reads it back")
    func coordination() throws {
        var document = StatusSample.document()
        let now = StatusSample.reportTime
        document.coordination = CoordinationView(.leading(epoch: 3), host: "alpha", database: "main")
        #expect(StatusText.render(document, now: now).contains(
            "\n\ncoordination: this host (alpha) leads the hosts of database main with epoch 3: exclusive plans run here"))
        #expect(try StatusDocument.decode(json: document.json()).coordination == document.coordination)
        document.coordination = CoordinationView(.following(leader: "beta"), host: "alpha", database: "main")
        #expect(StatusText.render(document, now: now).contains(
            "coordination: beta leads the hosts of database main: exclusive plans run there, not on alpha"))
        document.coordination = CoordinationView(.unreachable(error: "timeout"), host: "alpha", database: "main")
        #expect(StatusText.render(document, now: now).contains(
            "coordination: database main cannot be reached (timeout): no exclusive plan runs on alpha"))
        document.coordination = nil
        #expect(!StatusText.render(document, now: now).contains("coordination"))
    }

    @Test("idle: an armed plan may run now, and nothing is running")
    func idle() {
        var document = StatusSample.document()
        document.decisions.plans = [DecisionSnapshot.PlanView(plan: "restart-db", target: "database:main", mode: .enforce,
                                                              budgetLeft: 3, maxAttempts: 3)]
        let text = StatusText.render(document, now: StatusSample.reportTime)
        #expect(text.hasSuffix("""
            PLAN        TARGET         MODE     BUDGET  NEXT ATTEMPT  STATE
            restart-db  database:main  enforce  3/3     now           armed

            nothing running
            """))
    }

    @Test("an armed plan whose backoff has passed may run now; one still backing off shows when")
    func backoffPassed() {
        var document = StatusSample.document()
        let now = StatusSample.reportTime
        document.decisions.plans = [
            DecisionSnapshot.PlanView(plan: "restart-db", target: "database:main", mode: .enforce, budgetLeft: 2, maxAttempts: 3,
                                      nextAllowedAt: now.addingTimeInterval(-60)),
            DecisionSnapshot.PlanView(plan: "restart-web", target: "check:web", mode: .enforce, budgetLeft: 2, maxAttempts: 3,
                                      nextAllowedAt: now.addingTimeInterval(60)),
        ]
        let text = StatusText.render(document, now: now)
        #expect(text.contains("restart-db   database:main  enforce  2/3     now           armed"), "\(text)")
        #expect(text.contains("restart-web  check:web      enforce  2/3     \(StatusText.time(now.addingTimeInterval(60), now: now))     armed"), "\(text)")
    }

    @Test("no decisions and no writer (a file from before they were written): the report alone, with a note")
    func reportOnly() {
        var document = StatusSample.document(withDecisions: false)
        document.daemon = nil
        document.report.checks = Array(document.report.checks.prefix(1))
        let text = StatusText.render(document, now: StatusSample.reportTime)
        #expect(text == """
            vigil: the status file does not name the daemon that wrote it
            report of 2027-01-15T10:03:07Z (0s ago): CRITICAL · 5 checks · 1 warning · 2 critical · 1 unknown

            CHECK     STATUS    STATE  SINCE  FLAPPING  BREAKER  SUPPRESSED BY  REASON
            database  CRITICAL  -      -      -         -        -              circuit open since 2027-01-15T09:58:00Z, last error: connection refused

            nothing running
            """)
    }

    @Test("a check the engine knows but the report does not list comes last; no checks at all says so")
    func decisionOnlyCheck() {
        var document = StatusSample.document()
        document.report.checks.removeAll { $0.name == "api" }
        let rows = StatusText.render(document, now: StatusSample.reportTime).split(separator: "\n")
        #expect(rows.firstIndex { $0.hasPrefix("api ") } == rows.firstIndex { $0.hasPrefix("memory ") }.map { $0 + 1 })
        #expect(rows.contains { $0.hasPrefix("api       UNKNOWN   HARD") && $0.hasSuffix("  database       -") })
        let empty = StatusDocument(report: HealthReport(checks: [], at: StatusSample.reportTime))
        #expect(StatusText.render(empty, now: StatusSample.reportTime).contains("\n\nno checks\n\nnothing running"))
    }

    @Test("times on the day of now show the time only; other days the whole date")
    func times() {
        let now = StatusSample.reportTime
        #expect(StatusText.time(StatusSample.start, now: now) == "08:00:00Z")
        #expect(StatusText.time(StatusSample.at(-8 * 3600 - 1), now: now) == "2027-01-14T23:59:59Z")
        #expect(StatusText.time(StatusSample.at(86_400), now: now) == "2027-01-16T08:00:00Z")
    }

    @Test("ages in at most two units", arguments: [
        (0.0, "0s"), (59.9, "59s"), (60, "1m"), (61, "1m1s"), (3599, "59m59s"), (3600, "1h"), (3660, "1h1m"),
        (86_399, "23h59m"), (86_400, "1d"), (90_000, "1d1h"), (-5, "0s"),
    ])
    func ages(seconds: Double, expected: String) {
        #expect(StatusText.age(from: StatusSample.start, to: StatusSample.start.addingTimeInterval(seconds)) == expected)
    }

    @Test("flap percentages to one decimal", arguments: [(0.0, "0%"), (9.52, "9.5%"), (42.5, "42.5%"), (99.96, "100%")])
    func percents(value: Double, expected: String) {
        #expect(StatusText.percent(value) == expected)
    }
}

/// `vigil samples`' table: a row per sample, its state in words.
@Suite struct SamplesTextTests {
    @Test("last, mean, the window oldest first, and ok, warming up or the findings")
    func rows() {
        let views = [
            SampleView(name: "api_latency", kind: "http", window: 10, durationsMs: [12, 14], meanMs: 13, lastMs: 14, lastError: nil, findings: []),
            SampleView(name: "slowest_query", kind: "sql", window: 3, durationsMs: [20, 21, 61], meanMs: 34, lastMs: 61, lastError: nil,
                       findings: ["61 ms is 2.98x the baseline of 20.5 ms"]),
            SampleView(name: "writer", kind: "sql", window: 3, durationsMs: [], meanMs: nil, lastMs: nil,
                       lastError: "cannot execute INSERT in a read-only transaction", findings: ["failed: cannot execute INSERT in a read-only transaction"]),
        ]
        #expect(SamplesText.render(views) == """
            OPERATION      KIND  LAST                                                      MEAN   WINDOW (MS, OLDEST FIRST)  STATE
            api_latency    http  14 ms                                                     13 ms  12 14                      warming up (2 of 10)
            slowest_query  sql   61 ms                                                     34 ms  20 21 61                   61 ms is 2.98x the baseline of 20.5 ms
            writer         sql   failed: cannot execute INSERT in a read-only transaction  -                                 failed: cannot execute INSERT in a read-only transaction
            """)
        #expect(SamplesText.render([]) == "no [[sample]] is configured")
    }
}
