/// The SQL conditions that flag each anomaly kind on a row compared with the one before it
/// (`a`, `v`, `t` and their `prev_` columns), shared by the full and the incremental scan so both
/// find exactly the same anomalies. What the catalog rules out becomes `false`.
struct AnomalyPredicates {
    let nullAggregate: String
    let nullVersion: String
    let nullTimestamp: String
    let firstVersion: String
    let gap: String
    let duplicate: String
    let disorder: String

    /// `onlyWhere` narrows every flag (the incremental scan reports new events only: `n`).
    init(catalog: EventStoreCatalog, firstVersion first: Int64, onlyWhere condition: String? = nil) {
        let guarded = { (predicate: String) in condition.map { "\($0) AND \(predicate)" } ?? predicate }
        nullAggregate = catalog.aggregateIsNotNull ? "false" : guarded("a IS NULL")
        nullVersion = catalog.versionIsNotNull ? "false" : guarded("v IS NULL")
        nullTimestamp = catalog.timestampIsNotNull ? "false" : guarded("t IS NULL")
        duplicate = catalog.uniqueVersionIndex == nil ? guarded("a = prev_a AND v = prev_v") : "false"
        gap = guarded("a = prev_a AND v > prev_v + 1")
        firstVersion = guarded("a IS DISTINCT FROM prev_a AND a IS NOT NULL AND v <> \(first)")
        disorder = guarded("a = prev_a AND v > prev_v AND t < prev_t")
    }

    /// The flags in `EventStoreScanQuery.Column` order, for the select list.
    var columns: String {
        "\(nullAggregate), \(nullVersion), \(nullTimestamp),\n\(firstVersion), \(gap), \(duplicate), \(disorder)"
    }

    /// True for a row with any anomaly.
    var any: String {
        "\(nullAggregate) OR \(nullVersion) OR \(nullTimestamp)\n   OR (\(firstVersion)) OR (\(gap)) OR (\(duplicate)) OR (\(disorder))"
    }
}
