import TOMLKit
import VigilCore

/// What one file contributes; files are merged in order by ConfigurationAssembler.
struct ConfigFragment: Sendable {
    /// `[daemon]` keys this file sets; later files override earlier ones key by key.
    var stateDirectory: String?
    var runtimeDirectory: String?
    var stopTimeout: Duration?
    var mode: RemediationRun.Mode?
    var maxConcurrentRemediations: Int?
    /// `[breaker]` keys this file sets, merged key by key like `[daemon]`.
    var breakerFailureThreshold: Int?
    var breakerResetTimeout: Duration?
    var breakerSuccessThreshold: Int?
    /// The `[backup]` table, whole: one file defines it.
    var backup: (settings: BackupSettings?, scope: ErrorScope)?
    /// The `[release]` table, whole: one file defines it.
    var release: (settings: ReleaseSettings?, scope: ErrorScope)?
    /// The `[rollback]` table, whole: one file defines it.
    var rollback: (settings: RollbackSettings?, scope: ErrorScope)?
    /// The `[coordination]` table, whole: one file defines it.
    var coordination: (settings: CoordinationSettings?, scope: ErrorScope)?
    /// The `[metrics]` table, whole: one file defines it.
    var metrics: (settings: MetricsSettings?, scope: ErrorScope)?
    /// Every `[remediation.NAME]` table, valid or not, so references to a broken plan are not reported twice.
    var planScopes: [(name: String, scope: ErrorScope)] = []
    var plans: [RemediationPlan] = []
    var databases: [DatabaseSettings] = []
    var checks: [CheckDraft] = []
    /// `[incidents]` keys this file sets.
    var incidents: IncidentsFragment?
    /// Its `[escalation.PN]`, `[role.NAME]` and `[notifier.NAME]` tables, valid or not.
    var incidentTables: [IncidentTable] = []
    /// Every `[[maintenance]]` table, in file order.
    var maintenance: [MaintenanceDecoder.Draft] = []
}

/// Reads the top level of one parsed file: `[daemon]`, `[breaker]`, `[database.NAME]` and
/// `[remediation.NAME]` tables and `[[check]]`s.
enum FileDecoder {
    static let topLevelKeys = ["daemon", "database", "check", "sample", "breaker", "remediation", "backup",
                               "incidents", "escalation", "role", "notifier", "maintenance", "release", "rollback", "coordination",
                               "metrics"]
    static let daemonKeys = ["state_dir", "runtime_dir", "stop_timeout", "mode", "max_concurrent_remediations"]
    static let breakerKeys = ["failure_threshold", "reset_timeout", "success_threshold"]

    static func decode(_ root: TOMLTable, file: String, _ diagnostics: inout Diagnostics) -> ConfigFragment {
        var fragment = ConfigFragment()
        var reader = TableReader(root, scope: ErrorScope(file: file, section: .root, table: nil))

        if let daemon = reader.table("daemon", &diagnostics) {
            decodeDaemon(daemon, file: file, into: &fragment, &diagnostics)
        }
        if let databases = reader.table("database", &diagnostics) {
            for (name, value) in zip(databases.keys, databases.values) {
                let scope = ErrorScope(file: file, section: .database(name: name), table: "database.\(name)")
                guard let table = value.table else {
                    diagnostics.report(scope, "expected a table [database.\(name)] with a conninfo, got \(ValueText.typeName(value.type))")
                    continue
                }
                if let settings = decodeDatabase(table, name: name, scope: scope, &diagnostics) {
                    fragment.databases.append(settings)
                }
            }
        }
        if let breaker = reader.table("breaker", &diagnostics) {
            var breakerReader = TableReader(breaker, scope: ErrorScope(file: file, section: .breaker, table: "breaker"))
            fragment.breakerFailureThreshold = breakerReader.integer("failure_threshold", in: 1...Int.max, &diagnostics)
            fragment.breakerResetTimeout = breakerReader.duration("reset_timeout", &diagnostics)
            fragment.breakerSuccessThreshold = breakerReader.integer("success_threshold", in: 1...Int.max, &diagnostics)
            breakerReader.reportUnreadKeys(validKeys: breakerKeys, &diagnostics)
        }
        /// A table that appears once, read whole by `decode` with its scope.
        func single<Settings>(_ name: String, _ section: ConfigSection,
                              _ decode: (TOMLTable, ErrorScope, inout Diagnostics) -> Settings?) -> (settings: Settings?, scope: ErrorScope)? {
            guard let table = reader.table(name, &diagnostics) else { return nil }
            let scope = ErrorScope(file: file, section: section, table: name)
            return (decode(table, scope, &diagnostics), scope)
        }
        fragment.backup = single("backup", .backup, BackupDecoder.decode)
        fragment.release = single("release", .release, ReleaseDecoder.decode)
        fragment.rollback = single("rollback", .rollback, RollbackDecoder.decode)
        fragment.coordination = single("coordination", .coordination, CoordinationDecoder.decode)
        fragment.metrics = single("metrics", .metrics, MetricsDecoder.decode)
        if let plans = reader.table("remediation", &diagnostics) {
            for (name, value) in zip(plans.keys, plans.values) {
                let scope = ErrorScope(file: file, section: .remediation(name: name), table: "remediation.\(name)")
                fragment.planScopes.append((name, scope))
                guard let table = value.table else {
                    diagnostics.report(scope, "expected a table [remediation.\(name)] with steps, got \(ValueText.typeName(value.type))")
                    continue
                }
                if let plan = RemediationDecoder.decode(table, name: name, scope: scope, &diagnostics) {
                    fragment.plans.append(plan)
                }
            }
        }
        if let incidents = reader.table("incidents", &diagnostics) {
            fragment.incidents = IncidentsDecoder.decode(incidents, scope: ErrorScope(file: file, section: .incidents, table: "incidents"),
                                                         &diagnostics)
        }
        decodeNamedTables("escalation", in: &reader, file: file, section: ConfigSection.escalation, into: &fragment, &diagnostics) {
            .escalation(EscalationDecoder.decode($0, name: $1, scope: $2, &$3))
        }
        decodeNamedTables("role", in: &reader, file: file, section: ConfigSection.role, into: &fragment, &diagnostics) {
            .role(RoleDecoder.decode($0, name: $1, scope: $2, &$3))
        }
        decodeNamedTables("notifier", in: &reader, file: file, section: ConfigSection.notifier, into: &fragment, &diagnostics) {
            .notifier(NotifierDecoder.decode($0, name: $1, scope: $2, &$3))
        }
        for array in [CheckDecoder.TableArray.check, .sample] {
            decodeChecks(array, in: &reader, file: file, into: &fragment, &diagnostics)
        }
        if let maintenance = reader.value("maintenance") {
            fragment.maintenance = MaintenanceDecoder.decodeAll(maintenance, file: file, root: reader.scope, &diagnostics)
        }
        reader.reportUnreadKeys(validKeys: topLevelKeys, &diagnostics)
        return fragment
    }

    /// The `[[check]]` or `[[sample]]` tables of a file, each a check (samples are checks to the engine).
    private static func decodeChecks(_ array: CheckDecoder.TableArray, in reader: inout TableReader, file: String,
                                     into fragment: inout ConfigFragment, _ diagnostics: inout Diagnostics) {
        let name = array.rawValue
        guard let value = reader.value(name) else { return }
        guard let elements = value.array else {
            diagnostics.report(reader.scope, key: name,
                               "expected an array of tables, got \(ValueText.typeName(value.type)): write each \(name) as [[\(name)]], not [\(name)]")
            return
        }
        for (offset, element) in elements.enumerated() {
            let index = offset + 1
            guard let table = element.tomlValue.table else {
                diagnostics.report(ErrorScope(file: file, section: array.section(index), table: "\(name) #\(index)"),
                                   "expected a table, got \(ValueText.typeName(element.type)): write each \(name) as [[\(name)]]")
                continue
            }
            fragment.checks.append(CheckDecoder.decode(table, index: index, file: file, array: array, &diagnostics))
        }
    }

    /// The `[KIND.NAME]` tables of one incident kind (`escalation`, `role`, `notifier`).
    private static func decodeNamedTables(_ kind: String, in reader: inout TableReader, file: String,
                                          section: (String) -> ConfigSection, into fragment: inout ConfigFragment,
                                          _ diagnostics: inout Diagnostics,
                                          decode: (TOMLTable, String, ErrorScope, inout Diagnostics) -> IncidentTable.Content) {
        guard let tables = reader.table(kind, &diagnostics) else { return }
        for (name, value) in zip(tables.keys, tables.values) {
            let scope = ErrorScope(file: file, section: section(name), table: "\(kind).\(name)")
            guard let table = value.table else {
                diagnostics.report(scope, "expected a table [\(kind).\(name)], got \(ValueText.typeName(value.type))")
                continue
            }
            fragment.incidentTables.append(IncidentTable(name: name, content: decode(table, name, scope, &diagnostics), scope: scope))
        }
    }

    private static func decodeDaemon(_ table: TOMLTable, file: String, into fragment: inout ConfigFragment,
                                     _ diagnostics: inout Diagnostics) {
        var reader = TableReader(table, scope: ErrorScope(file: file, section: .daemon, table: "daemon"))
        fragment.stateDirectory = reader.absolutePath("state_dir", &diagnostics)
        fragment.runtimeDirectory = reader.absolutePath("runtime_dir", &diagnostics)
        fragment.stopTimeout = reader.duration("stop_timeout", &diagnostics)
        fragment.mode = RemediationDecoder.readMode(&reader, &diagnostics)
        fragment.maxConcurrentRemediations = reader.integer("max_concurrent_remediations", in: 1...Int.max, &diagnostics)
        reader.reportUnreadKeys(validKeys: daemonKeys, &diagnostics)
    }

    /// The conninfo may carry a password: no message here ever quotes it.
    private static func decodeDatabase(_ table: TOMLTable, name: String, scope: ErrorScope,
                                       _ diagnostics: inout Diagnostics) -> DatabaseSettings? {
        var reader = TableReader(table, scope: scope)
        let errorsBefore = diagnostics.count
        if !CheckSchema.isValidName(name) {
            diagnostics.report(scope, "a database name must be made of letters, digits, \"_\", \".\" and \"-\"")
        }
        let conninfo = reader.string("conninfo", required: true, &diagnostics)
        if let conninfo, conninfo.allSatisfy(\.isWhitespace) {
            diagnostics.report(scope, key: "conninfo", "must not be empty")
        }
        reader.reportUnreadKeys(validKeys: ["conninfo"], &diagnostics)
        guard diagnostics.count == errorsBefore, let conninfo else { return nil }
        return DatabaseSettings(name: name, conninfo: conninfo)
    }
}
