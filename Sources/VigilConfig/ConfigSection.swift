/// The part of one file an error is about, kept so its line can be looked up in the text afterwards.
enum ConfigSection: Hashable, Sendable {
    case root
    case daemon
    case database(name: String)
    /// The `index`-th `[[check]]` of the file, counting from 1.
    case check(index: Int)
    /// The `index`-th `[[sample]]` of the file, counting from 1.
    case sample(index: Int)
    case breaker
    case backup
    case release
    case rollback
    case coordination
    case metrics
    case remediation(name: String)
    case incidents
    case escalation(name: String)
    case role(name: String)
    case notifier(name: String)
    /// The `index`-th `[[maintenance]]` of the file, counting from 1.
    case maintenance(index: Int)
    /// A load scenario's `[thresholds]`.
    case thresholds
    /// The `index`-th `[[request]]` of a load scenario, counting from 1.
    case request(index: Int)
}

extension ConfigSection {
    /// The tables that appear once, by name (`[daemon]`, `[backup]`, …).
    static let singleTables: [String: ConfigSection] = [
        "daemon": .daemon, "breaker": .breaker, "backup": .backup, "release": .release, "rollback": .rollback,
        "coordination": .coordination, "incidents": .incidents, "metrics": .metrics,
        "thresholds": .thresholds,
    ]
}

/// Where the errors of one table go: its file, its section and the name people see for it.
struct ErrorScope: Sendable {
    let file: String
    let section: ConfigSection
    /// `daemon`, `database.primary`, `check "api"`, `remediation.restart-api`; `nil` for the top level of a file.
    let table: String?
}
