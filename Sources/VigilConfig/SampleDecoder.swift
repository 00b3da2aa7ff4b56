import TOMLKit
import VigilCore

/// The keys a `[[sample]]` has besides a check's own: what its kind measures and the rules that
/// judge it. The rest of the table is read as a check's (`CheckDecoder` with `array: .sample`).
enum SampleDecoder {
    /// Keys only samples of one kind may have.
    static let kindKeys: [String: [String]] = [
        "sql": ["database", "query"],
        "http": CheckSchema.kindKeys["http"] ?? [],
        "unit": ["unit"],
        "process": ["pid_file"],
    ]

    /// The rule keys every sample may have.
    static let ruleKeys = ["window", "factor", "min_delta", "for", "memory_growth", "leak_window", "cpu_percent", "cpu_for",
                           "severity_on_finding"]

    static func readSettings(_ kind: String, _ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> CheckKind? {
        let errorsBefore = diagnostics.count
        let measure: SampleMeasure?
        switch kind {
        case "sql":
            let database = reader.string("database", required: true, &diagnostics)
            if database?.isEmpty == true { diagnostics.report(reader.scope, key: "database", "must not be empty") }
            let query = reader.string("query", required: true, &diagnostics)
            if let query, query.allSatisfy(\.isWhitespace) { diagnostics.report(reader.scope, key: "query", "must not be empty") }
            measure = database.flatMap { database in query.map { .sql(database: database, query: $0) } }
        case "http":
            if case .http(let settings)? = CheckDecoder.readKindSettings("http", &reader, &diagnostics) {
                measure = .http(settings)
            } else {
                measure = nil
            }
        case "unit":
            if case .systemdUnit(let unit)? = CheckDecoder.readKindSettings("systemd_unit", &reader, &diagnostics) {
                measure = .unit(unit)
            } else {
                measure = nil
            }
        case "process":
            measure = reader.absolutePath("pid_file", required: true, &diagnostics).map { .process(pidFile: $0) }
        default:
            measure = nil
        }
        let rules = readRules(&reader, &diagnostics)
        guard diagnostics.count == errorsBefore, let measure else { return nil }
        return .sample(SampleSettings(measure: measure, rules: rules))
    }

    /// The rule keys over the Core defaults.
    private static func readRules(_ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> SampleRules {
        var rules = SampleRules()
        if let window = reader.integer("window", in: 2...1000, &diagnostics) { rules.window = window }
        if let factor = reader.number("factor", above: 1, &diagnostics) { rules.factor = factor }
        if let delta = reader.duration("min_delta", &diagnostics) { rules.minDelta = delta }
        if let count = reader.integer("for", in: 1...1000, &diagnostics) { rules.sustainFor = count }
        if let growth = reader.byteSize("memory_growth", &diagnostics) { rules.memoryGrowthBytes = growth }
        if let span = reader.durationOfASecondOrMore("leak_window", &diagnostics) { rules.leakWindow = span }
        if let percent = reader.number("cpu_percent", above: 0, &diagnostics) { rules.cpuPercent = percent }
        if let span = reader.durationOfASecondOrMore("cpu_for", &diagnostics) { rules.cpuFor = span }
        if let status = reader.choice("severity_on_finding", among: ["warning", "critical"], &diagnostics) {
            rules.statusOnFinding = status == "critical" ? .critical : .warning
        }
        return rules
    }
}
