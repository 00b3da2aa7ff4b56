/// The journal entry of a change in this host's standing among the hosts of `[coordination]`.
extension JournalEvent {
    public static func leadershipChanged(_ leadership: HostLeadership, host: String, database: String) -> JournalEvent {
        let base = [Field("HOST", host), Field("DATABASE", database)]
        switch leadership {
        case .leading(let epoch):
            return JournalEvent(kind: .leadershipChanged, priority: .notice,
                                message: "\(host) leads the hosts of [coordination] database \(database) with epoch \(epoch): exclusive plans run here",
                                fields: base + [Field("LEADER", host), Field("EPOCH", String(epoch)), Field("LEADING", "1")])
        case .following(let leader):
            return JournalEvent(kind: .leadershipChanged, priority: .info,
                                message: "\(leader) leads the hosts of [coordination] database \(database): exclusive plans run there, not on \(host)",
                                fields: base + [Field("LEADER", leader), Field("LEADING", "0")])
        case .unreachable(let error):
            return JournalEvent(kind: .leadershipChanged, priority: .warning,
                                message: "the [coordination] database \(database) cannot be reached (\(error)): no exclusive plan runs on \(host) until it answers",
                                fields: base + [Field("LEADING", "0"), Field("ERROR", error)])
        }
    }
}
