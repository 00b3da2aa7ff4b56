import FoundationEssentials
import VigilCore

/// `vigil report` as text for the terminal and as Markdown for pasting into a post-incident review
/// or a quarterly risk assessment: the same sections, a table each.
public enum IncidentReviewText {
    /// Aligned columns under a heading per section.
    public static func text(_ review: IncidentReview) -> String {
        sections(review).map { section in
            "\(section.title)\n" + (section.rows.isEmpty ? "none" : TextTable(header: section.header.map { $0.uppercased() },
                                                                                    rows: section.rows).text)
        }.joined(separator: "\n\n")
    }

    /// A title with the period, then a Markdown table per section.
    public static func markdown(_ review: IncidentReview) -> String {
        var lines = ["# Incident review \(period(review))", ""]
        for section in sections(review) {
            lines.append("## \(section.title)")
            lines.append("")
            if section.rows.isEmpty {
                lines.append("None.")
            } else {
                lines.append(row(section.header))
                lines.append(row(section.header.map { _ in "---" }))
                lines += section.rows.map(row)
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// `2027-01-01 – 2027-03-31` (UTC days, both included).
    static func period(_ review: IncidentReview) -> String {
        "\(day(review.since)) – \(day(review.until.addingTimeInterval(-1))) (UTC)"
    }

    private struct Section {
        var title: String
        var header: [String]
        var rows: [[String]]
    }

    private static func sections(_ review: IncidentReview) -> [Section] {
        let summary = Section(title: "Incidents \(period(review)): \(review.incidentCount)", header: ["Severity", "Opened", "Still open"],
                              rows: review.bySeverity.map { [$0.severity.rawValue, "\($0.opened)", "\($0.stillOpen)"] })
        let times = Section(title: "Response times (p90 by nearest rank)", header: ["Measure", "Incidents", "Mean", "p90", "Worst"],
                            rows: [durations("time to acknowledge", review.timeToAcknowledge),
                                   durations("time to resolve", review.timeToResolve)])
        let checks = Section(title: "Checks that failed most", header: ["Check", "Incidents"],
                             rows: review.topChecks.map { [$0.check, "\($0.incidents)"] })
        let reopened = Section(title: "Reopened incidents", header: ["Incident", "Severity", "Reopened", "Title"],
                               rows: review.reopened.map { [$0.id, $0.severity.rawValue, "\($0.reopenCount)×", $0.title] })
        let longest = Section(title: "Longest open", header: ["Incident", "Severity", "Status", "Open for", "Title"],
                              rows: review.longestOpen.map {
                                  [$0.id, $0.severity.rawValue, $0.status.rawValue, seconds($0.openSeconds), $0.title]
                              })
        let flapping = Section(title: "Flapping episodes", header: ["Check", "Episodes", "Incidents"],
                               rows: review.flapping.map { [$0.check, "\($0.episodes)", "\($0.incidents)"] })
        let remediation = Section(title: "Remediation attempts and outcomes", header: ["Plan", "Triggered", "Verified", "Failed", "Dry-run"],
                                  rows: review.remediation.map {
                                      [$0.plan, "\($0.triggered)", "\($0.verified)", "\($0.failed)", "\($0.dryRun)"]
                                  })
        let budgets = Section(title: "Plans that spent their budget", header: ["Plan", "Check", "When", "Incident"],
                              rows: review.budgetsSpent.map {
                                  [$0.plan + ($0.dryRun ? " (dry-run)" : ""), $0.check ?? "-", WallClock.text($0.at), $0.incident]
                              })
        let notifications = Section(title: "Notifications that failed", header: ["Notifier", "Failures", "Last reason", "Incidents"],
                                    rows: review.failedNotifications.map {
                                        [$0.notifier, "\($0.count)", $0.lastReason, $0.incidents.joined(separator: ", ")]
                                    })
        return [summary, times, checks, reopened, longest, flapping, remediation, budgets, notifications]
    }

    private static func durations(_ name: String, _ figures: IncidentReview.Durations) -> [String] {
        [name, "\(figures.count)", figures.meanSeconds.map(seconds) ?? "-", figures.p90Seconds.map(seconds) ?? "-",
         figures.worstSeconds.map(seconds) ?? "-"]
    }

    private static func seconds(_ value: Double) -> String {
        StatusText.age(from: Date(timeIntervalSince1970: 0), to: Date(timeIntervalSince1970: value))
    }

    private static func row(_ cells: [String]) -> String {
        "| " + cells.map { $0.replacing("|", with: "\\|") }.joined(separator: " | ") + " |"
    }

    private static func day(_ date: Date) -> String { String(WallClock.text(date).prefix(10)) }
}
