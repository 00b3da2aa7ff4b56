import Testing
import VigilCore

/// What each standing among the `[coordination]` hosts means for exclusive plans and the journal.
@Suite struct HostLeadershipTests {
    @Test("only the leader runs exclusive plans; the others say who leads, or that the database is out of reach")
    func holdReasons() {
        #expect(HostLeadership.leading(epoch: 2).holdReason(database: "main") == nil)
        #expect(HostLeadership.following(leader: "beta").holdReason(database: "main")?.code == "not-leading")
        #expect(HostLeadership.unreachable(error: "timeout").holdReason(database: "main")?.text
                == "the [coordination] database main cannot be reached (timeout); no host runs an exclusive plan alone")
    }

    @Test("a database out of reach is one standing whatever its error says; a new leader or epoch is another")
    func sameStanding() {
        #expect(HostLeadership.unreachable(error: "timeout").sameStanding(as: .unreachable(error: "connection refused")))
        #expect(!HostLeadership.leading(epoch: 1).sameStanding(as: .leading(epoch: 2)))
        #expect(!HostLeadership.following(leader: "alpha").sameStanding(as: .following(leader: "beta")))
    }

    @Test("the journal entry names the leader, the epoch, or the error")
    func events() {
        let leading = JournalEvent.leadershipChanged(.leading(epoch: 4), host: "alpha", database: "main")
        #expect(leading.kind == .leadershipChanged)
        #expect(leading.value(of: "LEADING") == "1" && leading.value(of: "EPOCH") == "4" && leading.value(of: "LEADER") == "alpha")
        #expect(leading.message == "alpha leads the hosts of [coordination] database main with epoch 4: exclusive plans run here")
        let following = JournalEvent.leadershipChanged(.following(leader: "beta"), host: "alpha", database: "main")
        #expect(following.value(of: "LEADING") == "0" && following.value(of: "LEADER") == "beta")
        let unreachable = JournalEvent.leadershipChanged(.unreachable(error: "timeout"), host: "alpha", database: "main")
        #expect(unreachable.value(of: "LEADER") == nil && unreachable.value(of: "ERROR") == "timeout")
        #expect(unreachable.priority == .warning)
    }
}
