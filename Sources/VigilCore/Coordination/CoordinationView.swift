/// status.json's `coordination`: this host's standing among the hosts of `[coordination]`, as its
/// last look found, while some plan is `exclusive` (only then does it look).
public struct CoordinationView: Codable, Equatable, Sendable {
    /// How this host names itself.
    public var host: String
    public var database: String
    /// Whether this host leads, and so runs the exclusive plans.
    public var leading: Bool
    /// The host that leads; nil while the database is out of reach.
    public var leader: String?
    /// The fencing epoch this host leads with.
    public var epoch: Int64?
    /// Why the database could not be asked.
    public var error: String?

    public init(_ leadership: HostLeadership, host: String, database: String) {
        self.host = host
        self.database = database
        switch leadership {
        case .leading(let epoch): (leading, leader, self.epoch) = (true, host, epoch)
        case .following(let leader): (leading, self.leader) = (false, leader)
        case .unreachable(let error): (leading, self.error) = (false, error)
        }
    }

    /// `vigil status`'s line.
    public var line: String {
        if leading {
            return "coordination: this host (\(host)) leads the hosts of database \(database) with epoch \(epoch ?? 0): exclusive plans run here"
        }
        if let leader {
            return "coordination: \(leader) leads the hosts of database \(database): exclusive plans run there, not on \(host)"
        }
        return "coordination: database \(database) cannot be reached (\(error ?? "?")): no exclusive plan runs on \(host)"
    }
}
