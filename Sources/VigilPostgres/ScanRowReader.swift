import VigilCore

/// Turns the scan's streamed rows into anomalies in a report, one row at a time, keeping no
/// more than the duplicate group in progress: memory stays flat whatever the store holds.
struct ScanRowReader {
    private typealias Column = EventStoreScanQuery.Column

    private(set) var report: ConsistencyReport
    private let table: EventStoreTable
    private let maxIssues: Int
    /// The duplicate being counted: its rows arrive one after another, so it is complete when
    /// any other row (or the end) arrives.
    private var openDuplicate: (aggregate: String, version: Int64, count: Int, eventID: String?)?
    private(set) var sawTotals = false
    /// The first row the reader could not make sense of (it keeps draining the stream).
    private(set) var malformed: String?

    init(report: ConsistencyReport, table: EventStoreTable, maxIssues: Int) {
        self.report = report
        self.table = table
        self.maxIssues = maxIssues
    }

    mutating func read(_ row: [String?]) {
        guard row.count == Column.allCases.count else {
            malformed = malformed ?? "expected \(Column.allCases.count) columns, got \(row.count)"
            return
        }
        func text(_ column: Column) -> String? { row[column.rawValue] }
        func flag(_ column: Column) -> Bool { row[column.rawValue] == "t" }
        func number(_ column: Column) -> Int64? { row[column.rawValue].flatMap { Int64($0) } }

        let aggregate = text(.aggregate) ?? ""
        let eventID = text(.eventID)
        let version = number(.version)

        if flag(.duplicate), let version {
            if let open = openDuplicate, open.aggregate == aggregate, open.version == version {
                openDuplicate?.count += 1
            } else {
                closeDuplicate()
                openDuplicate = (aggregate, version, 2, eventID)
            }
        } else {
            closeDuplicate()
        }

        if flag(.nullAggregate) {
            record(.nullField(aggregate: "", column: table.aggregateColumn, eventID: eventID))
        }
        if flag(.nullVersion) {
            record(.nullField(aggregate: aggregate, column: table.versionColumn, eventID: eventID))
        }
        if flag(.nullTimestamp) {
            record(.nullField(aggregate: aggregate, column: table.timestampColumn, eventID: eventID))
        }
        if flag(.first), let version {
            record(.firstVersion(aggregate: aggregate, found: version, expected: table.firstVersion, eventID: eventID))
        }
        if flag(.gap), let version, let previous = number(.previousVersion) {
            record(.gap(aggregate: aggregate, from: previous, to: version, eventID: eventID))
        }
        if flag(.disorder) {
            record(.disorder(aggregate: aggregate, event: eventID ?? "", before: text(.previousEventID) ?? ""))
        }

        if flag(.isLast) {
            closeDuplicate()
            guard let events = number(.events), let ranks = number(.aggregates) else {
                malformed = malformed ?? "the totals row has no counts"
                return
            }
            report.eventsChecked = Int(events)
            // Rows with a NULL aggregate sort last and share one rank that is no aggregate.
            report.aggregatesChecked = Int(ranks) - (text(.aggregate) == nil ? 1 : 0)
            sawTotals = true
        }
    }

    /// The report once the stream is read; a row the reader could not make sense of fails the
    /// whole scan (never a partial report).
    func checkedReport(of tableName: String) throws(PostgresError) -> ConsistencyReport {
        if let malformed { throw PostgresError("scan of \(tableName) returned a malformed row: \(malformed)") }
        return report
    }

    /// Closes a duplicate still open at the end of the stream.
    mutating func finish() {
        closeDuplicate()
    }

    private mutating func closeDuplicate() {
        guard let open = openDuplicate else { return }
        openDuplicate = nil
        record(.duplicate(aggregate: open.aggregate, version: open.version, count: open.count, eventID: open.eventID))
    }

    private mutating func record(_ anomaly: ConsistencyAnomaly) {
        report.record(anomaly, maxIssues: maxIssues)
    }
}
