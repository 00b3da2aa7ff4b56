import Testing
import VigilConfig
import VigilCore

@Suite("[incidents], [escalation.PN], [role.NAME] and [notifier.NAME]")
struct IncidentConfigTests {
    static let roles = """
        [role.on-call-engineer]
        notify = ["pager", "mail"]

        [role.tech-lead]
        notify = ["mail"]

        [notifier.pager]
        kind = "webhook"
        url = "https://pager.example.com/hook"
        headers = { X-Team = "db" }
        secret_credential = "pager-secret"
        timeout = "5s"
        retry = { attempts = 3, backoff = "2s", backoff_max = "1m" }

        [notifier.mail]
        kind = "command"
        argv = ["/usr/sbin/sendmail", "-t"]
        env = { LC_ALL = "C" }

        [notifier.am]
        kind = "alertmanager"
        url = "http://127.0.0.1:9093"

        [notifier.alert-team]
        kind = "journal"

        """

    @Test func everyTableAndKeyRoundTrips() throws {
        let configuration = try #require(ConfigTestHelpers.configuration(Self.roles + """
            [incidents]
            reopen_within = "5m"
            keep_resolved = "30d"
            update_every = "1h"
            status_page_url = "https://status.example.com"
            subject = "{severity} {incident_title}"
            template = \"\"\"
            {incident_id} is {status}
            \"\"\"

            [escalation.P0]
            respond_within = "2m"
            path = ["on-call-engineer", "tech-lead"]
            auto_actions = ["alert-team", "create-incident", "am"]
            update_every = "10m"

            [escalation.P2]
            path = ["tech-lead"]
            """))
        let incidents = configuration.incidents
        #expect(incidents.reopenWithin == .seconds(300))
        #expect(incidents.keepResolved == .seconds(30 * 86_400))
        #expect(incidents.statusPageURL == "https://status.example.com")
        #expect(incidents.template == NotificationTemplate(subject: "{severity} {incident_title}", body: "{incident_id} is {status}\n"))
        #expect(incidents.escalation[.p0] == EscalationPolicy(respondWithin: .seconds(120), path: ["on-call-engineer", "tech-lead"],
                                                              autoActions: ["alert-team", "create-incident", "am"], updateEvery: .seconds(600)))
        // A table left out keeps the seed's row; [incidents] update_every applies where the row does not set its own.
        #expect(incidents.escalation[.p1]?.path == ["on-call-engineer", "tech-lead"])
        #expect(incidents.escalation[.p1]?.updateEvery == .seconds(3600))
        #expect(incidents.escalation[.p2] == EscalationPolicy(respondWithin: .seconds(3600), path: ["tech-lead"], autoActions: [],
                                                              updateEvery: .seconds(3600)))
        #expect(incidents.roles == ["on-call-engineer": ["pager", "mail"], "tech-lead": ["mail"]])
        #expect(incidents.notifiers["pager"] == NotifierSettings(
            name: "pager", kind: .webhook(url: "https://pager.example.com/hook", headers: ["X-Team": "db"], secret: .credential("pager-secret")),
            timeout: .seconds(5), retry: RetryPolicy(attempts: 3, backoff: .seconds(2), backoffMax: .seconds(60))))
        #expect(incidents.notifiers["mail"] == NotifierSettings(name: "mail", kind: .command(argv: ["/usr/sbin/sendmail", "-t"],
                                                                                             environment: ["LC_ALL": "C"])))
        #expect(incidents.notifiers["am"]?.kind == .alertmanager(url: "http://127.0.0.1:9093"))
        #expect(incidents.notifiers["alert-team"]?.kind == .journal)
        #expect(incidents.notifiers(for: .role("on-call-engineer")).map(\.name) == ["pager", "mail"])
    }

    @Test func withoutTablesTheSeedMatrixAndTemplateApply() throws {
        let configuration = try #require(ConfigTestHelpers.configuration("[daemon]\nstop_timeout = \"3s\"\n"))
        #expect(configuration.incidents == IncidentSettings())
        #expect(configuration.incidents.escalation[.p0]?.respondWithin == .seconds(300))
        #expect(configuration.incidents.template.subject == NotificationTemplate.seedSubject)
    }

    @Test func anUnknownRoleOrNotifierIsNamedWithItsLineAndTheClosestName() {
        let errors = ConfigTestHelpers.errors(Self.roles + """
            [escalation.P0]
            path = ["on-call-enginer"]
            auto_actions = ["alert-teem", "create-incident"]

            [role.cto]
            notify = ["pagr"]
            """)
        let lines = errors.map(\.description)
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.contains { $0.contains("bad.toml:27:1") && $0.contains("escalation.P0") && $0.contains("path[0]")
                && $0.contains("no [role.on-call-enginer] table") && $0.contains("did you mean \"on-call-engineer\"") })
        #expect(lines.contains { $0.contains("bad.toml:28:1") && $0.contains("auto_actions[0]") && $0.contains("did you mean \"alert-team\"") })
        #expect(lines.contains { $0.contains("bad.toml:31:1") && $0.contains("role.cto") && $0.contains("notify[0]")
                && $0.contains("did you mean \"pager\"") })
    }

    @Test func anUnknownPlaceholderIsNamedWithItsLineInTheTemplate() {
        let errors = ConfigTestHelpers.errors("""
            [incidents]
            subject = "[INCIDENT] {severty}"
            template = \"\"\"
            Incident: {incident_id}
            Owner: {comander}
            \"\"\"
            """)
        let lines = errors.map(\.description)
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.contains { $0.contains("bad.toml:2") && $0.contains("subject") && $0.contains("unknown placeholder {severty}")
                && $0.contains("did you mean {severity}?") })
        #expect(lines.contains { $0.contains("bad.toml:3") && $0.contains("template") && $0.contains("{comander} on line 2 of the template")
                && $0.contains("did you mean {commander}?") })
    }

    @Test(arguments: [
        ("[escalation.P5]\npath = []\n", "escalation.P5", "one of P0, P1, P2 or P3"),
        ("[escalation.P0]\nrespond_within = 5\n", "respond_within", "write \"5s\""),
        ("[escalation.P0]\npath = [\"a\", \"a\"]\n[role.a]\nnotify = []\n", "path[1]", "listed twice"),
        ("[role.x]\n", "role.x", "missing required key"),
        ("[notifier.x]\nkind = \"pager\"\n", "kind", "one of"),
        ("[notifier.x]\nkind = \"command\"\nargv = [\"sendmail\"]\n", "argv[0]", "absolute path"),
        ("[notifier.x]\nkind = \"webhook\"\nurl = \"ftp://x\"\n", "url", "http:// or https://"),
        ("[notifier.x]\nkind = \"webhook\"\nurl = \"http://x\"\nsecret = \"hunter2\"\n", "secret", "unknown key"),
        ("[notifier.x]\nkind = \"webhook\"\nurl = \"http://x\"\nsecret_file = \"/a\"\nsecret_credential = \"b\"\n", "secret_credential", "not both"),
        ("[notifier.x]\nkind = \"webhook\"\nurl = \"http://x\"\nheaders = { Idempotency-Key = \"1\" }\n", "headers.Idempotency-Key", "set by Vigil"),
        ("[notifier.x]\nkind = \"alertmanager\"\nurl = \"http://x\"\nargv = [\"/bin/true\"]\n", "argv", "belongs to command"),
        ("[notifier.x]\nkind = \"command\"\nargv = [\"/bin/true\"]\nretry = { attempts = 0 }\n", "retry.attempts", "from 1 to 1000"),
        ("[notifier.x]\nkind = \"command\"\nargv = [\"/bin/true\"]\nretry = { backoff = \"1m\", backoff_max = \"10s\" }\n", "retry.backoff_max", "not be shorter"),
        ("[incidents]\nreopen_within = \"soon\"\n", "reopen_within", "duration"),
        ("[incidents]\nsubject = \"a\\nb\"\n", "subject", "one line"),
        ("[incidents]\ntemplte = \"x\"\n", "templte", "did you mean \"template\""),
    ])
    func badValuesNameTheirTableAndKey(text: String, key: String, message: String) {
        let lines = ConfigTestHelpers.errors(text).map(\.description)
        #expect(lines.contains { $0.contains(key) && $0.contains(message) }, "\(lines)")
    }

    @Test func aTableDefinedInTwoFilesIsAnErrorNamingTheFirst() {
        let errors = ConfigTestHelpers.errors(files: [("a.toml", "[role.x]\nnotify = []\n"), ("b.toml", "[role.x]\nnotify = []\n")])
        #expect(errors.map(\.description) == ["b.toml:1:1: role.x: already defined in a.toml"])
    }

    @Test func laterFilesOverrideIncidentsKeyByKey() throws {
        let configuration = try #require(ConfigTestHelpers.configuration(files: [
            ("a.toml", "[incidents]\nreopen_within = \"1m\"\nkeep_resolved = \"2d\"\n"),
            ("b.toml", "[incidents]\nreopen_within = \"3m\"\n"),
        ]))
        #expect(configuration.incidents.reopenWithin == .seconds(180))
        #expect(configuration.incidents.keepResolved == .seconds(2 * 86_400))
    }
}
