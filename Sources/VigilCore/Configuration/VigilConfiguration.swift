/// Everything the daemon runs with, validated: built by VigilConfig, swapped whole on reload.
public struct VigilConfiguration: Sendable, Equatable {
    public var daemon: DaemonSettings
    public var databases: [String: DatabaseSettings]
    public var checks: [CheckDefinition]
    /// The `[remediation.NAME]` tables by name; a plan no check names is kept (and never runs).
    public var remediationPlans: [String: RemediationPlan]
    /// The `[breaker]` table: the circuit breaker settings every target uses.
    public var breaker: CircuitBreaker.Settings
    /// The files it was read from, in the order they were applied.
    public var sources: [String]
    /// The `[backup]` table; `nil` when no file has one (`vigil backup` then says so).
    public var backup: BackupSettings?
    /// `[incidents]`, `[escalation.*]`, `[role.*]` and `[notifier.*]`: the seed's matrix when absent.
    public var incidents: IncidentSettings
    /// The `[[maintenance]]` windows, in file order.
    public var maintenance: [MaintenanceWindow] = []
    /// The `[release]` table: where the running version is read; nil when no file has one.
    public var release: ReleaseSettings?
    /// The `[rollback]` table: when and how a bad release is put back; nil when no file has one.
    public var rollback: RollbackSettings?
    /// The `[coordination]` table: the hosts sharing a database take turns; nil: this host acts alone.
    public var coordination: CoordinationSettings?
    /// The `[metrics]` table: where Prometheus scrapes; nil: no listener.
    public var metrics: MetricsSettings?

    public init(daemon: DaemonSettings = DaemonSettings(), databases: [String: DatabaseSettings] = [:],
                checks: [CheckDefinition] = [], sources: [String] = [],
                remediationPlans: [String: RemediationPlan] = [:], breaker: CircuitBreaker.Settings = CircuitBreaker.Settings(),
                backup: BackupSettings? = nil, incidents: IncidentSettings = IncidentSettings()) {
        self.daemon = daemon
        self.databases = databases
        self.checks = checks
        self.remediationPlans = remediationPlans
        self.breaker = breaker
        self.sources = sources
        self.backup = backup
        self.incidents = incidents
    }

    public var enabledChecks: [CheckDefinition] { checks.filter(\.enabled) }

    /// One line for `vigil validate` and the journal, e.g. `2 files, 6 checks (5 enabled), 1 database`
    /// (and `, 2 remediation plans` when there are any).
    public var summary: String {
        let count = NumberText.counted
        let plans = remediationPlans.isEmpty ? "" : ", " + count(remediationPlans.count, "remediation plan")
        return "\(count(sources.count, "file")), \(count(checks.count, "check")) (\(enabledChecks.count) enabled), "
            + count(databases.count, "database") + plans
    }
}

/// The `[daemon]` table.
public struct DaemonSettings: Sendable, Equatable {
    /// Where persisted state lives; `nil` means `$STATE_DIRECTORY`, else `/var/lib/vigil`.
    public var stateDirectory: String?
    /// Where `status.json` lives; `nil` means `$RUNTIME_DIRECTORY`, else `/run/vigil`.
    public var runtimeDirectory: String?
    /// How long SIGTERM waits for in-flight checks before exiting anyway.
    public var stopTimeout: Duration
    /// `enforce` runs remediation; `dry-run` makes and logs every decision but executes nothing.
    /// A plan's own `mode` overrides it.
    public var mode: RemediationRun.Mode
    /// How many plans may run at once across all targets.
    public var maxConcurrentRemediations: Int

    public init(stateDirectory: String? = nil, runtimeDirectory: String? = nil, stopTimeout: Duration = .seconds(5),
                mode: RemediationRun.Mode = .enforce,
                maxConcurrentRemediations: Int = RemediationCoordinator().maxConcurrentRemediations) {
        self.stateDirectory = stateDirectory
        self.runtimeDirectory = runtimeDirectory
        self.stopTimeout = stopTimeout
        self.mode = mode
        self.maxConcurrentRemediations = maxConcurrentRemediations
    }
}

/// A `[database.NAME]` table. The conninfo may hold a password: print `redactedConninfo` only.
public struct DatabaseSettings: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var conninfo: String

    public init(name: String, conninfo: String) {
        self.name = name
        self.conninfo = conninfo
    }

    public var redactedConninfo: String { Conninfo.redacted(conninfo) }
    public var description: String { "database \(name) (\(redactedConninfo))" }
}
