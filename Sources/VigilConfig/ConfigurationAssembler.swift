import TOMLKit
import VigilCore

/// Parses files one after another and merges them: `[daemon]` keys of later files win, databases
/// and check names must be unique across all files, and checks accumulate in file order.
struct ConfigurationAssembler {
    private(set) var diagnostics = Diagnostics()
    private var daemon = DaemonSettings()
    private var databases: [String: (settings: DatabaseSettings, file: String)] = [:]
    private var drafts: [CheckDraft] = []
    private var maintenance: [MaintenanceDecoder.Draft] = []
    private var breaker = CircuitBreaker.Settings()
    /// The `[backup]` table and the scope of the file that defined it first.
    private var backup: (settings: BackupSettings?, scope: ErrorScope)?
    /// The `[release]` table and the scope of the file that defined it first.
    private var release: (settings: ReleaseSettings?, scope: ErrorScope)?
    /// The `[rollback]` table and the scope of the file that defined it first.
    private var rollback: (settings: RollbackSettings?, scope: ErrorScope)?
    /// The `[coordination]` table and the scope of the file that defined it first.
    private var coordination: (settings: CoordinationSettings?, scope: ErrorScope)?
    /// The `[metrics]` table and the scope of the file that defined it first.
    private var metrics: (settings: MetricsSettings?, scope: ErrorScope)?
    private var plans: [String: RemediationPlan] = [:]
    /// Every plan name defined so far (valid or not) and its first file.
    private var planFiles: [String: String] = [:]
    private var sources: [String] = []
    private var incidentTables = IncidentTables()
    /// Where each parsed file's tables and keys are, to give errors a line once all are found.
    private var positions: [(file: String, positions: SourcePositions)] = []
    /// A file that did not parse may define what others refer to: skip the cross-file reference check.
    private var someFileUnparsed = false

    /// Adds one file's text (its name is what errors show).
    mutating func add(file: String, text: String) {
        sources.append(file)
        if let problem = DocumentGuard.problem(in: text, file: file) {
            diagnostics.report(problem)
            someFileUnparsed = true
            return
        }
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            diagnostics.report(ConfigError(file: file, line: error.source.begin.line, column: error.source.begin.column,
                                           message: Self.shortened(error.description)))
            someFileUnparsed = true
            return
        } catch {
            diagnostics.report(ConfigError(file: file, message: "cannot parse: \(error)"))
            someFileUnparsed = true
            return
        }
        let fragment = FileDecoder.decode(root, file: file, &diagnostics)
        merge(fragment, from: file)
        positions.append((file, SourcePositions(text: text)))
    }

    /// The parser quotes whole keys in its messages; a pathological key must not make a huge one.
    private static func shortened(_ message: String) -> String {
        message.count <= 300 ? message : message.prefix(300) + "…"
    }

    /// Reports an error found before parsing (an unreadable file, a bad mode).
    mutating func report(_ error: ConfigError) {
        diagnostics.report(error)
    }

    private mutating func merge(_ fragment: ConfigFragment, from file: String) {
        if let stateDirectory = fragment.stateDirectory { daemon.stateDirectory = stateDirectory }
        if let runtimeDirectory = fragment.runtimeDirectory { daemon.runtimeDirectory = runtimeDirectory }
        if let stopTimeout = fragment.stopTimeout { daemon.stopTimeout = stopTimeout }
        if let mode = fragment.mode { daemon.mode = mode }
        if let limit = fragment.maxConcurrentRemediations { daemon.maxConcurrentRemediations = limit }
        if let threshold = fragment.breakerFailureThreshold { breaker.failureThreshold = threshold }
        if let timeout = fragment.breakerResetTimeout { breaker.resetTimeout = timeout }
        if let threshold = fragment.breakerSuccessThreshold { breaker.successThreshold = threshold }
        Self.takeFirst(fragment.backup, into: &backup, &diagnostics)
        Self.takeFirst(fragment.release, into: &release, &diagnostics)
        Self.takeFirst(fragment.rollback, into: &rollback, &diagnostics)
        Self.takeFirst(fragment.coordination, into: &coordination, &diagnostics)
        Self.takeFirst(fragment.metrics, into: &metrics, &diagnostics)
        for (name, scope) in fragment.planScopes {
            if let earlier = planFiles[name] {
                diagnostics.report(scope, "already defined in \(earlier)")
            } else {
                planFiles[name] = file
            }
        }
        for plan in fragment.plans where planFiles[plan.name] == file && plans[plan.name] == nil {
            plans[plan.name] = plan
        }
        for database in fragment.databases {
            if let earlier = databases[database.name] {
                diagnostics.report(ErrorScope(file: file, section: .database(name: database.name), table: "database.\(database.name)"),
                                   "already defined in \(earlier.file)")
            } else {
                databases[database.name] = (database, file)
            }
        }
        drafts += fragment.checks
        incidentTables.merge(fragment, &diagnostics)
        maintenance += fragment.maintenance
    }

    /// The merged configuration, or every error found in any file.
    mutating func finish() -> Result<VigilConfiguration, ConfigErrors> {
        var windows: [MaintenanceWindow] = []
        var firstByName: [String: CheckDraft] = [:]
        for draft in drafts {
            guard let name = draft.name, CheckSchema.isValidName(name) else { continue }
            if let first = firstByName[name] {
                let place = first.scope.file == draft.scope.file ? "earlier in \(first.scope.file)" : "in \(first.scope.file)"
                diagnostics.report(draft.scope, key: "name", "duplicate check name \"\(name)\": already defined \(place)")
            } else {
                firstByName[name] = draft
            }
        }
        if !someFileUnparsed {
            for draft in drafts {
                if let reference = draft.databaseReference { requireDatabase(reference, scope: draft.scope) }
            }
            checkReferences(checksByName: firstByName)
            windows = MaintenanceDecoder.checkReferences(maintenance, checkNames: Set(firstByName.keys), &diagnostics)
            if let backup, let settings = backup.settings { requireDatabase(settings.database, scope: backup.scope) }
            if let coordination, let settings = coordination.settings { requireDatabase(settings.database, scope: coordination.scope) }
            if coordination == nil { requireCoordinationForExclusivePlans() }
            if let rollback, let settings = rollback.settings {
                RollbackDecoder.checkReferences(settings, scope: rollback.scope, hasRelease: release != nil, hasBackup: backup != nil,
                                                checkNames: Set(firstByName.keys), &diagnostics)
            }
        }
        let incidents = incidentTables.finish(checkReferences: !someFileUnparsed, &diagnostics)
        for (file, filePositions) in positions {
            diagnostics.locate(file: file, using: filePositions)
        }
        guard diagnostics.isEmpty else { return .failure(ConfigErrors(errors: diagnostics.errorsInReadingOrder)) }
        var configuration = VigilConfiguration(daemon: daemon, databases: databases.mapValues(\.settings),
                                               checks: drafts.compactMap(\.definition), sources: sources,
                                               remediationPlans: plans, breaker: breaker, backup: backup?.settings,
                                               incidents: incidents)
        configuration.maintenance = windows
        configuration.release = release?.settings
        configuration.rollback = rollback?.settings
        configuration.coordination = coordination?.settings
        configuration.metrics = metrics?.settings
        return .success(configuration)
    }

    /// A table one file defines: the first file's, and an error for each later one.
    private static func takeFirst<Settings>(_ defined: (settings: Settings?, scope: ErrorScope)?,
                                            into slot: inout (settings: Settings?, scope: ErrorScope)?, _ diagnostics: inout Diagnostics) {
        guard let defined else { return }
        if let earlier = slot {
            diagnostics.report(defined.scope, "already defined in \(earlier.scope.file)")
        } else {
            slot = defined
        }
    }

    /// A `database` key must name a `[database.NAME]` of some file.
    private mutating func requireDatabase(_ name: String, scope: ErrorScope) {
        guard databases[name] == nil else { return }
        let defined = databases.keys.sorted()
        let known = defined.isEmpty ? "no [database.NAME] table is defined" : "defined: \(defined.joined(separator: ", "))"
        diagnostics.report(scope, key: "database", "no [database.\(name)] table in any file (\(known))")
    }

    /// An `exclusive` plan runs only on the host that leads the hosts of `[coordination]`: without
    /// that table no host would ever lead.
    private mutating func requireCoordinationForExclusivePlans() {
        for plan in plans.values.sorted(by: { $0.name < $1.name }) where plan.exclusive {
            guard let file = planFiles[plan.name] else { continue }
            diagnostics.report(ErrorScope(file: file, section: .remediation(name: plan.name), table: "remediation.\(plan.name)"),
                               key: "exclusive",
                               "needs a [coordination] table: only the host that leads the hosts sharing its database runs an exclusive plan")
        }
    }

    /// `depends_on` must name checks and form no loop; `remediation` must name a plan; in any file.
    private mutating func checkReferences(checksByName: [String: CheckDraft]) {
        let definedPlans = planFiles.keys.sorted()
        for draft in drafts {
            for (index, parent) in draft.dependsOn.enumerated() where checksByName[parent] == nil && parent != draft.name {
                diagnostics.report(draft.scope, key: "depends_on[\(index)]", "no check named \(ValueText.quoted(parent)) in any file")
            }
            if let plan = draft.remediationReference, planFiles[plan] == nil {
                let known = definedPlans.isEmpty ? "no [remediation.NAME] table is defined" : "defined: \(definedPlans.joined(separator: ", "))"
                diagnostics.report(draft.scope, key: "remediation", "no [remediation.\(plan)] table in any file (\(known))")
            }
        }
        // Self-dependencies are reported where they are written; here only loops through other checks.
        var graph: [String: [String]] = [:]
        for (name, draft) in checksByName {
            graph[name] = draft.dependsOn.filter { $0 != name && checksByName[$0] != nil }
        }
        for cycle in DependencyGate.cycles(in: graph) {
            guard let first = cycle.path.first, let draft = checksByName[first] else { continue }
            diagnostics.report(draft.scope, key: "depends_on", "forms a cycle: \(cycle)")
        }
    }
}
