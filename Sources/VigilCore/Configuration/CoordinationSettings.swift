/// `[coordination]`: the hosts that share one PostgreSQL take turns through it, so that exactly one
/// of them runs a rollback (see `LeadershipSession` in VigilPostgres).
public struct CoordinationSettings: Sendable, Equatable {
    public static let defaultSessionTimeout: Duration = .seconds(15)

    /// A `[database.NAME]`: where the advisory lock and the two tables live.
    public var database: String
    /// How this host names itself in `vigil_leadership` and `vigil_actions`; nil: its host name.
    public var host: String?
    /// How long a host that vanished (a partition, SIGSTOP, a crash) keeps leadership: the TCP
    /// keepalive and user-timeout bound, on both ends of its session.
    public var sessionTimeout: Duration

    public init(database: String, host: String? = nil, sessionTimeout: Duration = defaultSessionTimeout) {
        self.database = database
        self.host = host
        self.sessionTimeout = sessionTimeout
    }
}
