import ArgumentParser
import FoundationEssentials
import VigilConfig
import VigilCore
import VigilDaemon
import VigilPostgres
import VigilProbes

/// `vigil consistency`: runs the configured `event_store` checks' scan once and prints every
/// anomaly it found, for an operator who wants the list rather than a status.
struct ConsistencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consistency",
        abstract: "Check the event store's consistency once and list the anomalies.",
        discussion: """
            Scans each `kind = "event_store"` check's table once, inside PostgreSQL in one pass, \
            for VERSION_GAP, DUPLICATE_VERSION, FIRST_VERSION, TIMESTAMP_DISORDER and NULL_FIELD, \
            and prints the counts (always exact) and up to --max-issues anomalies. What a unique \
            index or NOT NULL rules out is said, not scanned for.

            A check with a position_column is incremental, as in the daemon: this run checks only \
            the events past the daemon's last checkpoint (read from the state directory, never \
            written), and also counts the anomalies standing since the daemon's last full scan (--full lists them). \
            With no progress saved yet, or with --full, every event is scanned.

            Exits 0 when nothing was found or stands, 2 when anomalies were found or stand, 3 when \
            a table could not be checked.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("The event_store check to run (default: every one, enabled or not).", valueName: "name"))
    var check: String?

    @Option(help: "Output format: text, or json (an object of reports by check name, in the seed's ConsistencyReport shape).")
    var format: Format = .text

    @Option(help: ArgumentHelp("How many anomalies to list per check (default: the check's max_issues).", valueName: "n"))
    var maxIssues: Int?

    @Option(help: ArgumentHelp("How long a scan may take (default: the check's timeout).", valueName: "duration"))
    var timeout: String?

    @Flag(help: "Scan every event even where the check is incremental (what the daemon does every full_every).")
    var full = false

    @Flag(help: "Print the DDL of the index that would make the full scan cheaper, and why; scan nothing.")
    var advise = false

    @Option(help: ArgumentHelp("Split each full scan over 1 or 2 sessions by aggregate range, in one snapshot "
                               + "(incremental runs use one).", valueName: "n"))
    var sessions: Int = 1

    func validate() throws {
        if let maxIssues, maxIssues < 0 { throw ValidationError("--max-issues must not be negative, got \(maxIssues)") }
        if ![1, 2].contains(sessions) { throw ValidationError("--sessions must be 1 or 2, got \(sessions)") }
        if let timeout, DurationText.parse(timeout) == nil { throw ValidationError("--timeout: not a duration: \(timeout)") }
    }

    func run() throws {
        let configuration = try options.load()
        let checks = configuration.checks.compactMap { definition -> (String, EventStoreCheckSettings, Duration)? in
            guard case let .eventStore(settings) = definition.kind, check == nil || definition.name == check else { return nil }
            return (definition.name, settings, definition.timeout)
        }
        guard !checks.isEmpty else {
            let known = configuration.checks.filter { if case .eventStore = $0.kind { true } else { false } }.map(\.name)
            throw ValidationError(check.map { "no event_store check named \($0); configured: \(known.isEmpty ? "none" : known.joined(separator: ", "))" }
                ?? "the configuration has no event_store check")
        }
        if advise {
            return try ConsistencyAdvice.run(checks, databases: configuration.databases, json: format == .json,
                                             timeout: timeout.flatMap(DurationText.parse))
        }
        let progressFiles = EventStoreProgressFiles(
            stateDirectory: StateDirectory.path(for: configuration.daemon, environment: ProcessInfo.processInfo.environment),
            readOnly: true)
        var reports: [String: ConsistencyReport] = [:]
        var failed = false
        for (name, configured, checkTimeout) in checks {
            var settings = configured
            if let maxIssues { settings.maxIssues = maxIssues }
            let database = configuration.databases[settings.database] ?? DatabaseSettings(name: settings.database, conninfo: "")
            let deadline = ContinuousClock.now + (timeout.flatMap(DurationText.parse) ?? checkTimeout)
            do {
                var report: ConsistencyReport
                if full || settings.positionColumn == nil {
                    // Nothing here records progress, so a one-off full scan needs no checkpoint.
                    report = try ConsistencyFullScan.scan(settings, database: database, sessions: sessions, deadline: deadline)
                } else {
                    let run = try EventStoreRun.perform(settings, database: database, previous: try progressFiles.load(check: name),
                                                        deadline: deadline)
                    report = run.report
                    if report.mode == .incremental { report.standingIssueCounts = run.progress.standingCounts }
                }
                reports[name] = report
                if format == .text { print(Self.text(name: name, settings: settings, report: report)) }
            } catch let error as EventStoreProgressStoreError {
                failed = true
                printToStandardError("\(name): could not read the daemon's progress: \(error.description) "
                    + "(run as the daemon's user, or pass --full)")
            } catch {
                failed = true
                printToStandardError("\(name): could not check: \(error)")
            }
        }
        if format == .json {
            printJSON(reports)
        }
        if failed { throw ExitCode(Status.unknown.exitCode) }
        let found = reports.values.contains { $0.totalIssues > 0 || ($0.standingIssueCounts?.values.contains { $0 > 0 } ?? false) }
        throw ExitCode(found ? Status.critical.exitCode : Status.healthy.exitCode)
    }

    /// A heading with what was checked, the counts, what the catalog ruled out, then one line per listed anomaly.
    static func text(name: String, settings: EventStoreCheckSettings, report: ConsistencyReport) -> String {
        var lines = ["\(name): \(settings.table) on database \(settings.database), \(report.mode.rawValue) scan: "
            + "\(report.eventsChecked) events of \(report.aggregatesChecked) aggregates in \(Int(report.durationMs.rounded())) ms"]
        let counts = ConsistencyAnomaly.Kind.allCases.map { kind in
            report.ruledOut[kind.rawValue].map { "  \(kind.rawValue): ruled out (\($0))" }
                ?? "  \(kind.rawValue): \(report.issueCounts[kind.rawValue] ?? 0)"
        }
        lines += counts
        if let standing = report.standingIssueCounts {
            let text = standing.isEmpty ? "none" : standing.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            lines.append("  standing since the daemon's last full scan (this run's included): \(text)\(standing.isEmpty ? "" : " (--full lists them)")")
        }
        for issue in report.issues {
            lines.append("  \(issue.kind.rawValue) \(issue.aggregateID)\(issue.eventID.map { " event \($0)" } ?? ""): \(issue.details)")
        }
        if report.truncated {
            lines.append("  … \(report.totalIssues - report.issues.count) more not listed (--max-issues \(report.issues.count))")
        }
        return lines.joined(separator: "\n")
    }
}
