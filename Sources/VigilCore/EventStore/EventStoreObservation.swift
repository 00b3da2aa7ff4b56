extension EventStoreProgress {
    /// The check's result after `report` was recorded: CRITICAL while any anomaly stands (found
    /// by the last full scan or an incremental run since), with the standing counts as metrics
    /// (`issues`, `version_gap`, …) beside what this run checked (`events_checked`,
    /// `aggregates_checked`, `new_issues`).
    public func observation(after report: ConsistencyReport) -> Observation {
        var metrics: [String: Double] = [
            "issues": Double(standingTotal), "new_issues": Double(report.totalIssues),
            "events_checked": Double(report.eventsChecked), "aggregates_checked": Double(report.aggregatesChecked),
        ]
        for kind in ConsistencyAnomaly.Kind.allCases {
            metrics[kind.rawValue.lowercased()] = Double(standingCounts[kind.rawValue] ?? 0)
        }
        let incremental = report.mode == .incremental
        let checked = "\(report.eventsChecked) \(incremental ? "new " : "")events of \(report.aggregatesChecked) aggregates"
        guard standingTotal > 0 else {
            return Observation(message: "\(checked) consistent", metrics: metrics)
        }
        let counts = ConsistencyReport.countsText(standingCounts)
        let first = (report.issues.first ?? standingExamples.first)
            .map { "; first: \($0.kind.rawValue) in \($0.aggregateID): \($0.details)" } ?? ""
        let message = incremental
            ? "\(counts) since the last full scan (\(report.totalIssues) new in \(checked))\(first)"
            : "\(counts) in \(checked)\(first)"
        return Observation(status: .critical, message: message, metrics: metrics)
    }
}
