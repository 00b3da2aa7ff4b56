import Testing
import VigilConfig

/// One invalid file and the single error it must produce.
struct BadConfigCase: CustomTestStringConvertible, Sendable {
    var title: String
    var text: String
    var table: String?
    var key: String?
    var message: String
    var line: Int?

    var testDescription: String { title }

    /// A file with the shared database and one `[[check]]` made of `body`.
    static func check(_ title: String, _ body: String, table: String? = "check \"c\"", key: String?,
                      _ message: String, line: Int? = nil) -> BadConfigCase {
        BadConfigCase(title: title, text: ConfigTestHelpers.databasePreamble + "[[check]]\n" + body,
                      table: table, key: key, message: message, line: line)
    }

    static func file(_ title: String, _ text: String, table: String?, key: String?, _ message: String,
                     line: Int? = nil) -> BadConfigCase {
        BadConfigCase(title: title, text: text, table: table, key: key, message: message, line: line)
    }
}

@Suite("Bad configs: each names file, table and key")
struct BadConfigTests {
    static let disk = "name = \"c\"\nkind = \"disk\"\npath = \"/\"\n"
    static let postgres = "name = \"c\"\nkind = \"postgres\"\ndatabase = \"main\"\n"
    static let http = "name = \"c\"\nkind = \"http\"\nurl = \"http://127.0.0.1/\"\n"
    static let command = "name = \"c\"\nkind = \"command\"\n"
    static let plan = "[remediation.p]\nsteps = [{ kind = \"notify\", message = \"down\" }]\n"

    static let cases: [BadConfigCase] = [
        .check("backup_age without destination", "name = \"c\"\nkind = \"backup_age\"\n", key: "destination", "missing required key"),
        // [backup]
        .file("backup without destination", "[database.main]\nconninfo = \"dbname=x\"\n[backup]\ndatabase = \"main\"\n",
              table: "backup", key: "destination", "missing required key", line: 3),
        .file("backup relative storage", "[database.main]\nconninfo = \"dbname=x\"\n[backup]\ndatabase = \"main\"\ndestination = \"/srv/b\"\nstorage = [\"srv/files\"]\n",
              table: "backup", key: "storage[0]", "must be an absolute path other than /, got \"srv/files\"", line: 6),
        .file("backup unknown database", "[database.main]\nconninfo = \"dbname=x\"\n[backup]\ndatabase = \"other\"\ndestination = \"/srv/b\"\n",
              table: "backup", key: "database", "no [database.other] table in any file (defined: main)", line: 4),
        .file("backup typo", "[database.main]\nconninfo = \"dbname=x\"\n[backup]\ndatabase = \"main\"\ndestination = \"/srv/b\"\nkeep_fro = \"1h\"\n",
              table: "backup", key: "keep_fro", "unknown key; did you mean \"keep_for\"?", line: 6),
        .file("backup unit without suffix", "[database.main]\nconninfo = \"dbname=x\"\n[backup]\ndatabase = \"main\"\ndestination = \"/srv/b\"\nunits = [\"alexandria-api\"]\n",
              table: "backup", key: "units[0]", "must be a unit name with its type suffix, such as \"alexandria-api.service\", got \"alexandria-api\"", line: 6),
        .file("backup unit twice", "[database.main]\nconninfo = \"dbname=x\"\n[backup]\ndatabase = \"main\"\ndestination = \"/srv/b\"\nunits = [\"a.service\", \"a.service\"]\n",
              table: "backup", key: "units", "lists \"a.service\" twice", line: 6),
        .file("backup verify unknown", "[database.main]\nconninfo = \"dbname=x\"\n[backup]\ndatabase = \"main\"\ndestination = \"/srv/b\"\nverify = \"restored\"\n",
              table: "backup", key: "verify", "must be files or restore, got \"restored\"; did you mean \"restore\"?", line: 6),
        .file("backup daily_at 25:00", "[database.main]\nconninfo = \"dbname=x\"\n[backup]\ndatabase = \"main\"\ndestination = \"/srv/b\"\ndaily_at = \"25:00\"\n",
              table: "backup", key: "daily_at", "expected a local time HH:MM from 00:00 to 23:59 such as \"02:30\", got \"25:00\"", line: 6),
        .file("backup daily_at and every", "[database.main]\nconninfo = \"dbname=x\"\n[backup]\ndatabase = \"main\"\ndestination = \"/srv/b\"\ndaily_at = \"02:30\"\nevery = \"6h\"\n",
              table: "backup", key: "every", "give either daily_at (a nightly backup at a local time) or every (an interval), not both", line: 7),
        .file("backup every below a second", "[database.main]\nconninfo = \"dbname=x\"\n[backup]\ndatabase = \"main\"\ndestination = \"/srv/b\"\nevery = \"500ms\"\n",
              table: "backup", key: "every", "must be at least 1s, got 500ms", line: 6),
        // Top level and [daemon]
        .file("unknown top-level key", "colour = 1\n", table: nil, key: "colour", "unknown key", line: 1),
        .file("unknown top-level table with suggestion", "[deamon]\nstop_timeout = \"5s\"\n", table: nil, key: "deamon",
              "unknown key; did you mean \"daemon\"?", line: 1),
        .file("daemon typo", "[daemon]\nstop_timout = \"5s\"\n", table: "daemon", key: "stop_timout",
              "unknown key; did you mean \"stop_timeout\"?", line: 2),
        .file("daemon relative state_dir", "[daemon]\nstate_dir = \"var/lib/vigil\"\n", table: "daemon", key: "state_dir",
              "must be an absolute path, got \"var/lib/vigil\""),
        .file("daemon runtime_dir wrong type", "[daemon]\nruntime_dir = true\n", table: "daemon", key: "runtime_dir",
              "expected a string, got boolean"),
        .file("stop_timeout as a number", "[daemon]\nstop_timeout = 5\n", table: "daemon", key: "stop_timeout",
              "expected a duration string such as \"15s\", got integer (write \"5s\" for seconds)"),
        .file("stop_timeout zero", "[daemon]\nstop_timeout = \"0s\"\n", table: "daemon", key: "stop_timeout",
              "must be greater than zero, got \"0s\""),
        .file("daemon not a table", "daemon = \"on\"\n", table: nil, key: "daemon", "expected a table, got string"),
        // [database.NAME]
        .file("database without conninfo", "[database.main]\n", table: "database.main", key: "conninfo",
              "missing required key", line: 1),
        .file("conninfo wrong type", "[database.main]\nconninfo = 5\n", table: "database.main", key: "conninfo",
              "expected a string, got integer"),
        .file("conninfo empty", "[database.main]\nconninfo = \"  \"\n", table: "database.main", key: "conninfo",
              "must not be empty"),
        .file("database unknown key", "[database.main]\nconninfo = \"dbname=x\"\nhost = \"db\"\n", table: "database.main",
              key: "host", "unknown key", line: 3),
        .file("database not a table", "[database]\nmain = \"dbname=x\"\n", table: "database.main", key: nil,
              "expected a table [database.main] with a conninfo, got string"),
        // [[check]] shape
        .file("[check] instead of [[check]]", "[check]\nname = \"c\"\n", table: nil, key: "check",
              "expected an array of tables, got table: write each check as [[check]], not [check]"),
        .file("check array of numbers", "check = [1]\n", table: "check #1", key: nil,
              "expected a table, got integer: write each check as [[check]]"),
        .check("missing name", "kind = \"memory\"\n", table: "check #1", key: "name", "missing required key", line: 3),
        .check("name with a space", "name = \"my check\"\nkind = \"memory\"\n", table: "check \"my check\"", key: "name",
               "must be made of letters, digits, \"_\", \".\" and \"-\", got \"my check\""),
        .check("missing kind", "name = \"c\"\n", key: "kind",
               "missing required key (one of postgres, http, command, disk, memory, systemd_unit, event_store, backup_age, file_permissions, tls, auth or contract)"),
        .check("unknown kind", "name = \"c\"\nkind = \"ping\"\n", key: "kind",
               "must be one of postgres, http, command, disk, memory, systemd_unit, event_store, backup_age, file_permissions, tls, auth or contract, got \"ping\""),
        .check("misspelt kind", "name = \"c\"\nkind = \"dsk\"\n", key: "kind",
               "must be one of postgres, http, command, disk, memory, systemd_unit, event_store, backup_age, file_permissions, tls, auth or contract, got \"dsk\"; did you mean \"disk\"?"),
        // Common keys
        .check("interval without unit", disk + "interval = \"15\"\n", key: "interval",
               "expected a duration such as \"750ms\", \"15s\", \"5m\" or \"1h\", got \"15\"", line: 7),
        .check("negative interval", disk + "interval = \"-5s\"\n", key: "interval",
               "expected a duration such as \"750ms\", \"15s\", \"5m\" or \"1h\", got \"-5s\""),
        .check("interval as a date", disk + "interval = 1979-05-27\n", key: "interval",
               "expected a duration string such as \"15s\", got date"),
        .check("zero timeout", disk + "timeout = \"0ms\"\n", key: "timeout", "must be greater than zero, got \"0ms\""),
        .check("timeout equal to interval", disk + "interval = \"15s\"\ntimeout = \"15s\"\n", key: "timeout",
               "must be shorter than interval (15s), got 15s", line: 8),
        .check("default timeout longer than interval", disk + "interval = \"5s\"\n", key: "interval",
               "must be longer than timeout (10s, the default), got 5s"),
        .check("timeout longer than default interval", disk + "timeout = \"1m\"\n", key: "timeout",
               "must be shorter than interval (30s, the default), got 1m"),
        .check("enabled as a string", disk + "enabled = \"yes\"\n", key: "enabled",
               "expected a boolean (true or false), got string"),
        .check("unknown severity", disk + "severity = \"P5\"\n", key: "severity",
               "must be one of P0, P1, P2 or P3, got \"P5\""),
        .check("unknown incident policy", disk + "incident = \"critcal\"\n", key: "incident",
               "must be one of critical, warning or never, got \"critcal\"; did you mean \"critical\"?"),
        .check("incident as a boolean", disk + "incident = false\n", key: "incident",
               "expected a string, got boolean"),
        .check("misspelt key", disk + "timout = \"5s\"\n", key: "timout", "unknown key; did you mean \"timeout\"?", line: 7),
        .check("key of another kind", disk + "url = \"http://x/\"\n", key: "url",
               "not a key of kind disk (it belongs to kind http or auth)", line: 7),
        // postgres
        .check("postgres without database", "name = \"c\"\nkind = \"postgres\"\n", key: "database", "missing required key"),
        .check("undefined database", "name = \"c\"\nkind = \"postgres\"\ndatabase = \"nope\"\n", key: "database",
               "no [database.nope] table in any file (defined: main)", line: 6),
        .check("empty query", postgres + "query = \"\"\n", key: "query", "must not be empty"),
        // http
        .check("http without url", "name = \"c\"\nkind = \"http\"\n", key: "url", "missing required key"),
        .check("ftp url", "name = \"c\"\nkind = \"http\"\nurl = \"ftp://host/\"\n", key: "url",
               "must start with http:// or https://, got \"ftp://host/\""),
        .check("url without host", "name = \"c\"\nkind = \"http\"\nurl = \"http:///health\"\n", key: "url",
               "has no valid host, got \"http:///health\""),
        .check("unknown method", http + "method = \"FETCH\"\n", key: "method",
               "must be one of GET, HEAD, POST, PUT, DELETE, OPTIONS or PATCH, got \"FETCH\""),
        .check("empty expect_status", http + "expect_status = []\n", key: "expect_status", "must not be empty"),
        .check("status out of range", http + "expect_status = [200, 700]\n", key: "expect_status[1]",
               "must be an HTTP status code from 100 to 599, got 700", line: 7),
        .check("status as a string", http + "expect_status = [\"200\"]\n", key: "expect_status[0]",
               "expected an integer, got string"),
        // command
        .check("command without argv", command, key: "argv", "missing required key"),
        .check("empty argv", command + "argv = []\n", key: "argv", "must not be empty: argv[0] is the program to run"),
        .check("relative program", command + "argv = [\"check_disk\", \"-w\", \"10%\"]\n", key: "argv[0]",
               "must be an absolute path (commands run without a shell or PATH search), got \"check_disk\"", line: 6),
        .check("argv element not a string", command + "argv = [\"/bin/true\", 5]\n", key: "argv[1]",
               "expected a string, got integer"),
        .check("env value not a string", command + "argv = [\"/bin/true\"]\nenv = { LANG = 1 }\n", key: "env.LANG",
               "expected a string, got integer"),
        // disk, systemd_unit
        .check("relative disk path", "name = \"c\"\nkind = \"disk\"\npath = \"var\"\n", key: "path",
               "must be an absolute path, got \"var\""),
        .check("unit without suffix", "name = \"c\"\nkind = \"systemd_unit\"\nunit = \"postgresql\"\n", key: "unit",
               "must be a unit name with its type suffix, such as \"postgresql.service\", got \"postgresql\""),
        // event_store
        .check("event store without table", "name = \"c\"\nkind = \"event_store\"\ndatabase = \"main\"\n", key: "table",
               "missing required key"),
        .check("event store table with an empty part", "name = \"c\"\nkind = \"event_store\"\ndatabase = \"main\"\ntable = \"public.\"\n",
               key: "table", "must be TABLE or SCHEMA.TABLE, got \"public.\""),
        .check("event store empty column", "name = \"c\"\nkind = \"event_store\"\ndatabase = \"main\"\ntable = \"events\"\nid_column = \"\"\n",
               key: "id_column", "must be a non-empty name"),
        .check("event store full_every without position", "name = \"c\"\nkind = \"event_store\"\ndatabase = \"main\"\ntable = \"events\"\nfull_every = \"1h\"\n",
               key: "full_every", "needs position_column: without it every run is a full scan"),
        .check("event store zero full_every", "name = \"c\"\nkind = \"event_store\"\ndatabase = \"main\"\ntable = \"events\"\nposition_column = \"position\"\nfull_every = \"0s\"\n",
               key: "full_every", "must be greater than zero, got \"0s\""),
        .check("event store empty position column", "name = \"c\"\nkind = \"event_store\"\ndatabase = \"main\"\ntable = \"events\"\nposition_column = \"\"\n",
               key: "position_column", "must be a non-empty name"),
        .check("event store unknown database", "name = \"c\"\nkind = \"event_store\"\ndatabase = \"other\"\ntable = \"events\"\n",
               key: "database", "no [database.other] table in any file (defined: main)"),
        // thresholds
        .check("warning not a table", disk + "warning = 5\n", key: "warning", "expected a table, got integer"),
        .check("unknown metric", postgres + "warning = { latncy_ms = 5 }\n", key: "warning.latncy_ms",
               "unknown metric for kind postgres; did you mean \"latency_ms\"? (valid: connections_used_percent, latency_ms)",
               line: 7),
        .check("metric of a kind without metrics", "name = \"c\"\nkind = \"systemd_unit\"\nunit = \"a.service\"\ncritical = { latency_ms = 5 }\n",
               key: "critical.latency_ms", "kind systemd_unit has no metrics to set thresholds on"),
        .check("threshold as a string", postgres + "warning = { latency_ms = \"200\" }\n", key: "warning.latency_ms",
               "expected a number, got string"),
        .check("negative threshold", postgres + "critical = { latency_ms = -1 }\n", key: "critical.latency_ms",
               "must not be negative, got -1"),
        .check("percent above 100", disk + "warning = { free_percent = 150 }\n", key: "warning.free_percent",
               "must be a percentage from 0 to 100, got 150"),
        .check("NaN threshold", disk + "warning = { free_percent = nan }\n", key: "warning.free_percent",
               "must be a finite number, got nan"),
        .check("warning worse than critical (higher is worse)",
               postgres + "warning = { latency_ms = 1000 }\ncritical = { latency_ms = 200 }\n", key: "warning.latency_ms",
               "must be lower than critical (200) because a higher latency_ms is worse, got 1000"),
        .check("warning equal to critical (lower is worse)",
               disk + "warning = { free_percent = 10 }\ncritical = { free_percent = 10.0 }\n", key: "warning.free_percent",
               "must be higher than critical (10) because a lower free_percent is worse, got 10"),
        .check("command metric with equal limits",
               command + "argv = [\"/bin/true\"]\nwarning = { time = 5 }\ncritical = { time = 5 }\n", key: "warning.time",
               "must differ from critical (5): the direction of a command metric is inferred from which limit is higher"),
        // whole-file problems
        .file("duplicate check name in one file", "[[check]]\nname = \"a\"\nkind = \"memory\"\n[[check]]\nname = \"a\"\nkind = \"memory\"\n",
              table: "check \"a\"", key: "name", "duplicate check name \"a\": already defined earlier in bad.toml", line: 5),
        .file("syntax error", "[daemon]\nstop_timeout = \"5s\n", table: nil, key: nil,
              "Error while parsing string: unescaped control characters other than TAB (U+0009) are explicitly prohibited",
              line: 2),
        .file("NUL escape", "[daemon]\nstate_dir = \"/a\\u0000b\"\n", table: nil, key: nil,
              "a NUL character (\\u0000) cannot be used", line: 2),
        .file("nesting too deep", "a = " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "\n",
              table: nil, key: nil, "nested more than 32 levels deep", line: 1),
        // decision keys of a check
        .check("fail_after zero", disk + "fail_after = 0\n", key: "fail_after", "must be from 1 to 100, got 0", line: 7),
        .check("fail_after as a string", disk + "fail_after = \"3\"\n", key: "fail_after", "expected an integer, got string"),
        .check("fail_window N above M", disk + "fail_window = \"5 of 3\"\n", key: "fail_window",
               "asks for more failures than results (N must not exceed M), got \"5 of 3\"", line: 7),
        .check("fail_window malformed", disk + "fail_window = \"3/5\"\n", key: "fail_window",
               "expected \"N of M\" such as \"3 of 5\", got \"3/5\""),
        .check("fail_window as a number", disk + "fail_window = 3\n", key: "fail_window",
               "expected a string such as \"3 of 5\", got integer"),
        .check("fail_window of zero failures", disk + "fail_window = \"0 of 5\"\n", key: "fail_window",
               "needs at least 1 failure, got \"0 of 5\""),
        .check("fail_window too long", disk + "fail_window = \"3 of 500\"\n", key: "fail_window",
               "looks at most 100 results back, got \"3 of 500\""),
        .check("fail_after and fail_window together", disk + "fail_after = 2\nfail_window = \"2 of 4\"\n", key: "fail_window",
               "give fail_after or fail_window, not both"),
        .check("recover_after zero", disk + "recover_after = 0\n", key: "recover_after", "must be from 1 to 100, got 0"),
        .check("flap_low above the default flap_high", disk + "flap_low = 40\n", key: "flap_low",
               "must be below flap_high (30, the default), got 40"),
        .check("flap_low equal to flap_high", disk + "flap_low = 30\nflap_high = 30\n", key: "flap_low",
               "must be below flap_high (30), got 30"),
        .check("flap_high below the default flap_low", disk + "flap_high = 20\n", key: "flap_high",
               "must be above flap_low (25, the default), got 20"),
        .check("flap_high above 100", disk + "flap_high = 150\n", key: "flap_high", "must be a number from 0 to 100, got 150"),
        .check("flap_low as a string", disk + "flap_low = \"25%\"\n", key: "flap_low",
               "expected a number from 0 to 100, got string"),
        .check("depends on itself", disk + "depends_on = [\"c\"]\n", key: "depends_on[0]", "a check cannot depend on itself", line: 7),
        .check("depends on an unknown check", disk + "depends_on = [\"database\"]\n", key: "depends_on[0]",
               "no check named \"database\" in any file"),
        .check("depends_on as a string", disk + "depends_on = \"database\"\n", key: "depends_on",
               "expected an array of strings, got string"),
        .check("remediation names no plan", disk + "remediation = \"restart\"\n", key: "remediation",
               "no [remediation.restart] table in any file (no [remediation.NAME] table is defined)", line: 7),
        .file("remediation names another plan",
              "[remediation.page]\nsteps = [{ kind = \"notify\", message = \"down\" }]\n"
              + "[[check]]\nname = \"m\"\nkind = \"memory\"\nremediation = \"restart\"\n",
              table: "check \"m\"", key: "remediation", "no [remediation.restart] table in any file (defined: page)", line: 6),
        .check("remediation empty", disk + "remediation = \"\"\n", key: "remediation", "must not be empty"),
        // [remediation.NAME]
        .file("plan without steps", "[remediation.p]\nmax_attempts = 2\n", table: "remediation.p", key: "steps",
              "missing required key", line: 1),
        .file("plan with no step", "[remediation.p]\nsteps = []\n", table: "remediation.p", key: "steps",
              "must not be empty: a plan needs at least one step", line: 2),
        .file("steps not an array", "[remediation.p]\nsteps = { kind = \"notify\" }\n", table: "remediation.p", key: "steps",
              "expected an array of inline tables such as [{ kind = \"notify\", message = \"...\" }], got table"),
        .file("step not a table", "[remediation.p]\nsteps = [\"restart\"]\n", table: "remediation.p", key: "steps[0]",
              "expected an inline table such as { kind = \"notify\", message = \"...\" }, got string"),
        .file("budget of zero attempts", plan + "max_attempts = 0\n", table: "remediation.p", key: "max_attempts",
              "must be at least 1, got 0", line: 3),
        .file("zero window", plan + "window = \"0s\"\n", table: "remediation.p", key: "window", "must be greater than zero, got \"0s\""),
        .file("exec without argv", "[remediation.p]\nsteps = [{ kind = \"exec\", timeout = \"5s\" }]\n", table: "remediation.p",
              key: "steps[0].argv", "missing required key", line: 2),
        .file("exec with empty argv", "[remediation.p]\nsteps = [{ kind = \"exec\", argv = [] }]\n", table: "remediation.p",
              key: "steps[0].argv", "must not be empty: argv[0] is the program to run"),
        .file("exec with a relative program", "[remediation.p]\nsteps = [{ kind = \"exec\", argv = [\"clear-cache\"] }]\n",
              table: "remediation.p", key: "steps[0].argv[0]",
              "must be an absolute path (steps run without a shell or PATH search), got \"clear-cache\""),
        .file("exec env value not a string", "[remediation.p]\nsteps = [{ kind = \"exec\", argv = [\"/bin/true\"], env = { A = 1 } }]\n",
              table: "remediation.p", key: "steps[0].env.A", "expected a string, got integer"),
        .file("unknown step kind", "[remediation.p]\nsteps = [{ kind = \"notify\", message = \"x\" }, { kind = \"reboot\" }]\n",
              table: "remediation.p", key: "steps[1].kind", "must be one of exec, restart_unit or notify, got \"reboot\"", line: 2),
        .file("misspelt step kind", "[remediation.p]\nsteps = [{ kind = \"exce\", argv = [\"/bin/true\"] }]\n",
              table: "remediation.p", key: "steps[0].kind",
              "must be one of exec, restart_unit or notify, got \"exce\"; did you mean \"exec\"?"),
        .file("step without kind", "[remediation.p]\nsteps = [{ message = \"x\" }]\n", table: "remediation.p", key: "steps[0].kind",
              "missing required key (one of exec, restart_unit or notify)"),
        .file("restart_unit without a suffix", "[remediation.p]\nsteps = [{ kind = \"restart_unit\", unit = \"api\" }]\n",
              table: "remediation.p", key: "steps[0].unit",
              "must be a unit name with its type suffix, such as \"postgresql.service\", got \"api\""),
        .file("restart_unit without unit", "[remediation.p]\nsteps = [{ kind = \"restart_unit\" }]\n",
              table: "remediation.p", key: "steps[0].unit", "missing required key"),
        .file("key of another step kind",
              "[remediation.p]\nsteps = [{ kind = \"notify\", message = \"x\", unit = \"api.service\" }]\n",
              table: "remediation.p", key: "steps[0].unit", "not a key of step kind notify (it belongs to restart_unit)"),
        .file("notify with an empty message", "[remediation.p]\nsteps = [{ kind = \"notify\", message = \" \" }]\n",
              table: "remediation.p", key: "steps[0].message", "must not be empty"),
        .file("backoff_max below backoff", plan + "backoff = \"5m\"\nbackoff_max = \"1m\"\n", table: "remediation.p",
              key: "backoff_max", "must not be shorter than backoff (5m), got \"1m\"", line: 4),
        .file("backoff above the default backoff_max", plan + "backoff = \"1h\"\n", table: "remediation.p",
              key: "backoff", "must not be longer than backoff_max (15m, the default), got \"1h\""),
        .file("verify_successes zero", plan + "verify_successes = 0\n", table: "remediation.p", key: "verify_successes",
              "must be at least 1, got 0"),
        .file("plan mode misspelt", plan + "mode = \"dryrun\"\n", table: "remediation.p", key: "mode",
              "must be enforce or dry-run, got \"dryrun\"; did you mean \"dry-run\"?"),
        .file("plan key misspelt", plan + "max_attempt = 2\n", table: "remediation.p", key: "max_attempt",
              "unknown key; did you mean \"max_attempts\"?", line: 3),
        .file("plan name with a space", "[remediation.\"restart api\"]\nsteps = [{ kind = \"notify\", message = \"x\" }]\n",
              table: "remediation.restart api", key: nil,
              "a plan name must be made of letters, digits, \"_\", \".\" and \"-\""),
        .file("plan not a table", "[remediation]\np = \"restart\"\n", table: "remediation.p", key: nil,
              "expected a table [remediation.p] with steps, got string"),
        .file("remediation not a table", "remediation = 1\n", table: nil, key: "remediation", "expected a table, got integer"),
        // [daemon] and [breaker] decision keys
        .file("daemon mode unknown", "[daemon]\nmode = \"off\"\n", table: "daemon", key: "mode",
              "must be enforce or dry-run, got \"off\"", line: 2),
        .file("no concurrent remediation at all", "[daemon]\nmax_concurrent_remediations = 0\n", table: "daemon",
              key: "max_concurrent_remediations", "must be at least 1, got 0"),
        .file("breaker threshold zero", "[breaker]\nfailure_threshold = 0\n", table: "breaker", key: "failure_threshold",
              "must be at least 1, got 0", line: 2),
        .file("breaker reset_timeout as a number", "[breaker]\nreset_timeout = 60\n", table: "breaker", key: "reset_timeout",
              "expected a duration string such as \"15s\", got integer (write \"60s\" for seconds)"),
        .file("breaker key misspelt", "[breaker]\nsuccess_treshold = 3\n", table: "breaker", key: "success_treshold",
              "unknown key; did you mean \"success_threshold\"?", line: 2),
    ]

    @Test(arguments: cases)
    func reportsExactlyThisError(_ example: BadConfigCase) {
        let errors = ConfigTestHelpers.errors(example.text)
        #expect(errors.count == 1, "\(errors)")
        guard let error = errors.first else { return }
        #expect(error.file == "bad.toml")
        #expect(error.table == example.table)
        #expect(error.key == example.key)
        #expect(error.message == example.message)
        if let line = example.line { #expect(error.line == line) }
    }

    @Test func thereAreAtLeastNinetyCases() {
        #expect(Self.cases.count >= 90)
    }
}
