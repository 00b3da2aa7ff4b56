import ArgumentParser
import FoundationEssentials
import VigilCore
import VigilDaemon

/// `vigil report`: the incidents of a period in figures (counts, time to acknowledge and resolve,
/// checks that failed most), read from the incident files, for reviews and risk assessments.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Summarise the incidents of a period for a review.",
        discussion: """
            Reads <state_dir>/incidents/INC-….json (read-only) and reviews the incidents opened in \
            the period: counts by severity (opened, still open), time to acknowledge and time to \
            resolve (mean, p90 by nearest rank, worst), the 10 checks in most incidents, the \
            reopened incidents and the 5 longest open. --since and --until are UTC days, both \
            included; the default is the last 90 days (today included) until now. Exits 0, 64 for \
            a bad day or an empty period, 65 for an invalid configuration, 1 when an incident file \
            cannot be read (the others are still reviewed).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown
    }

    /// How far back the report reaches without --since, in UTC days, today included.
    static let defaultDays = 90

    @Option(help: ArgumentHelp("The first UTC day of the period (default: 89 days before today).", valueName: "YYYY-MM-DD"))
    var since: String?

    @Option(help: ArgumentHelp("The last UTC day of the period, included (default: up to now).", valueName: "YYYY-MM-DD"))
    var until: String?

    @Option(help: "Output format: text (for the terminal), json or markdown (a table per section, for a review document).")
    var format: Format = .text

    @OptionGroup var options: ConfigOptions

    func validate() throws {
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, IncidentsCommand.day(value) == nil {
                throw ValidationError("\(name) \(value) is not a day as YYYY-MM-DD (UTC), e.g. 2027-01-15")
            }
        }
        let (start, end) = period(now: Date())
        if start >= end {
            throw ValidationError("the period is empty: it would start \(WallClock.text(start)) and end \(WallClock.text(end))")
        }
    }

    func run() throws {
        let now = Date()
        let (start, end) = period(now: now)
        let (incidents, unreadable) = try IncidentsCommand.archive(options).all()
        for problem in unreadable { printToStandardError("cannot read incident file \(problem)") }
        let review = IncidentReview(incidents: incidents, since: start, until: end, now: now)
        switch format {
        case .text: print(IncidentReviewText.text(review))
        case .json: printJSON(review)
        case .markdown: print(IncidentReviewText.markdown(review))
        }
        if !unreadable.isEmpty { throw ExitCode.failure }
    }

    /// [since, until): midnight of --since, midnight after --until (or now).
    func period(now: Date) -> (Date, Date) {
        let end = until.flatMap(IncidentsCommand.day).map { $0.addingTimeInterval(86_400) } ?? now
        let today = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
        let start = since.flatMap(IncidentsCommand.day) ?? today.addingTimeInterval(-Double(Self.defaultDays - 1) * 86_400)
        return (start, end)
    }
}
