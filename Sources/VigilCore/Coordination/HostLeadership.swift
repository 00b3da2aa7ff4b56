/// Where this host stands among the hosts of `[coordination]`, as its last look at the database
/// found: only the leader runs `exclusive` plans.
public enum HostLeadership: Sendable, Equatable {
    /// This host leads, with the fencing epoch it took.
    case leading(epoch: Int64)
    /// Another host (its name) leads.
    case following(leader: String)
    /// The database did not answer: nobody is known to lead, so no host acts alone.
    case unreachable(error: String)

    /// Why an `exclusive` plan does not start here; nil while this host leads.
    public func holdReason(database: String) -> RemediationSkipReason? {
        switch self {
        case .leading: nil
        case .following(let leader):
            .notLeading("\(leader) leads the hosts of [coordination] database \(database); exclusive plans run there")
        case .unreachable(let error):
            .notLeading("the [coordination] database \(database) cannot be reached (\(error)); no host runs an exclusive plan alone")
        }
    }

    /// Two looks that say the same: the error text of an unreachable database may vary.
    public func sameStanding(as other: HostLeadership) -> Bool {
        switch (self, other) {
        case (.unreachable, .unreachable): true
        default: self == other
        }
    }
}
