extension JournalEvent {
    /// One entry per anomaly kind a run found that was not standing before it: the check's
    /// CRITICAL status says something is wrong, this says what, once, with an example to look up.
    public static func eventStoreAnomaly(check: String, table: String, finding: EventStoreFinding,
                                         mode: ConsistencyReport.Mode) -> JournalEvent {
        var fields = [
            Field("CHECK", check), Field("TABLE", table), Field("MODE", mode.rawValue),
            Field("ANOMALY", finding.kind.rawValue), Field("COUNT", String(finding.count)),
        ]
        var first = ""
        if let example = finding.example {
            fields += [Field("AGGREGATE_ID", example.aggregateID), Field("DETAILS", example.details)]
            if let eventID = example.eventID { fields.append(Field("EVENT_ID", eventID)) }
            let aggregate = example.aggregateID.isEmpty ? "an event with no aggregate" : "aggregate \(example.aggregateID)"
            first = "; first: \(aggregate): \(example.details)"
        }
        return JournalEvent(kind: .eventStoreAnomaly, priority: .error,
                            message: "\(check): \(finding.count) \(finding.kind.rawValue) in \(table) (\(mode.rawValue) run)\(first)",
                            fields: fields)
    }

    /// What one run checked and found, at debug: the trail that shows incremental runs keep up.
    public static func eventStoreChecked(check: String, table: String, report: ConsistencyReport,
                                         progress: EventStoreProgress) -> JournalEvent {
        var fields = [
            Field("CHECK", check), Field("TABLE", table), Field("MODE", report.mode.rawValue),
            Field("EVENTS_CHECKED", String(report.eventsChecked)), Field("AGGREGATES_CHECKED", String(report.aggregatesChecked)),
            Field("ISSUES", String(report.totalIssues)), Field("STANDING_ISSUES", String(progress.standingTotal)),
            Field("DURATION_MS", NumberText.format(report.durationMs)),
        ]
        if let checkpoint = progress.checkpoint {
            fields += [Field("SETTLED_POSITION", String(checkpoint.settledPosition)),
                       Field("CHECKED_THROUGH", String(checkpoint.checkedThrough))]
        }
        return JournalEvent(kind: .eventStoreChecked, priority: .debug,
                            message: "\(check): \(report.mode.rawValue) run over \(report.eventsChecked) events of "
                                + "\(report.aggregatesChecked) aggregates in \(NumberText.format(report.durationMs)) ms, "
                                + "\(report.totalIssues) anomalies (\(progress.standingTotal) standing)",
                            fields: fields)
    }
}
