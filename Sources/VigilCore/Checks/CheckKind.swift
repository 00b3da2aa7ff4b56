/// What a check looks at, with the settings that only that kind has.
public enum CheckKind: Sendable, Equatable {
    case postgres(PostgresCheckSettings)
    case http(HTTPCheckSettings)
    case command(CommandCheckSettings)
    case disk(path: String)
    case memory
    case systemdUnit(unit: String)
    case eventStore(EventStoreCheckSettings)
    case backupAge(BackupAgeSettings)
    /// The seed's configuration review: owners, groups and modes of files on this host.
    case filePermissions(FilePermissionsSettings)
    /// A TLS server's chain, name, protocol and certificate expiry.
    case tls(TLSCheckSettings)
    /// The authentication flow of one endpoint: refused without valid credentials, accepted with them.
    case auth(AuthCheckSettings)
    /// The seed's contract tests: responses against an OpenAPI document, and the document against its baseline.
    case contract(ContractCheckSettings)
    /// A small load run on a schedule, under ceilings: latency percentiles, errors, throughput.
    case load(LoadCheckSettings)
    /// A `[[sample]]`: an operation measured and judged against its own recent past.
    case sample(SampleSettings)

    /// The name used in config files, reports and the `CHECK_KIND` journal field.
    public var name: String {
        switch self {
        case .postgres: "postgres"
        case .http: "http"
        case .command: "command"
        case .disk: "disk"
        case .memory: "memory"
        case .systemdUnit: "systemd_unit"
        case .eventStore: "event_store"
        case .backupAge: "backup_age"
        case .filePermissions: "file_permissions"
        case .tls: "tls"
        case .auth: "auth"
        case .contract: "contract"
        case .load: "load"
        case .sample(let settings): "sample_" + settings.measure.name
        }
    }

    /// The kinds `vigil security` runs: the seed's security validation.
    public var isSecurityCheck: Bool {
        switch self {
        case .filePermissions, .tls, .auth: true
        default: false
        }
    }

    public static let securityKindNames = ["tls", "auth", "file_permissions"]

    /// Every kind name a `[[check]]` may use.
    public static let names = ["postgres", "http", "command", "disk", "memory", "systemd_unit", "event_store", "backup_age", "file_permissions", "tls", "auth", "contract", "load"]

    /// The metrics a kind reports and which way each gets worse; `nil` where the metrics
    /// are the check's own (a plugin's performance data).
    public static func metrics(ofKind name: String) -> [String: MetricDirection]? {
        switch name {
        case "postgres": ["latency_ms": .higherIsWorse, "connections_used_percent": .higherIsWorse]
        case "http": ["latency_ms": .higherIsWorse]
        case "disk": ["free_percent": .lowerIsWorse, "inodes_free_percent": .lowerIsWorse]
        case "memory": ["available_percent": .lowerIsWorse]
        case "systemd_unit": [:]
        case "event_store": [:]
        case "backup_age": ["age_hours": .higherIsWorse]
        case "file_permissions": ["violations": .higherIsWorse]
        case "tls": ["days_left": .lowerIsWorse]
        case "auth": [:]
        case "contract": ["violations": .higherIsWorse]
        case "load": LoadCheckSettings.metrics
        default: nil
        }
    }
}

/// A `postgres` check: connect to a configured database and run one query.
public struct PostgresCheckSettings: Sendable, Equatable {
    /// The `[database.NAME]` table to connect with.
    public var database: String
    /// The query whose success proves the database answers; `SELECT 1` unless configured.
    public var query: String

    public init(database: String, query: String = "SELECT 1") {
        self.database = database
        self.query = query
    }
}

/// An `http` check: one request, judged by status code and, optionally, the body.
public struct HTTPCheckSettings: Sendable, Equatable {
    public var method: String
    public var url: String { didSet { origin = CheckDefinition.origin(of: url) } }
    public var expectStatus: [Int]
    public var expectBodyContains: String?
    /// `scheme://host:port` of `url`, its breaker's target: parsed once, since the engine asks for
    /// it on every run and every status refresh.
    public private(set) var origin: String

    public init(method: String = "GET", url: String, expectStatus: [Int] = [200], expectBodyContains: String? = nil) {
        self.method = method
        self.url = url
        origin = CheckDefinition.origin(of: url)
        self.expectStatus = expectStatus
        self.expectBodyContains = expectBodyContains
    }
}

/// A `command` check: a Nagios-convention plugin run from an argv, never through a shell.
public struct CommandCheckSettings: Sendable, Equatable {
    public var argv: [String]
    /// The child's whole environment: it inherits nothing from Vigil.
    public var environment: [String: String]

    public init(argv: [String], environment: [String: String] = [:]) {
        self.argv = argv
        self.environment = environment
    }
}
