import VigilCore

extension EventStoreCheckpoint {
    /// The checkpoint from a row of `EventStoreIncrementalQuery.Extra`'s three columns: settled
    /// position, checked through, snapshot.
    init(row: [String?]?, table: String) throws(PostgresError) {
        guard let row, row.count == EventStoreIncrementalQuery.Extra.allCases.count,
              let settled = row[0].flatMap({ Int64($0) }), let checkedThrough = row[1].flatMap({ Int64($0) }),
              let snapshot = row[2] else {
            throw PostgresError("scan of \(table) returned no checkpoint")
        }
        self.init(settledPosition: settled, checkedThrough: checkedThrough, snapshot: snapshot)
    }
}
