import Foundation
import Glibc
import Testing
import VigilCore
import VigilTestSupport

/// `[coordination]` with two daemons as two hosts of one PostgreSQL, watching one release: exactly
/// one rolls back and the other waits; a leader killed in the middle of a rollback is taken over,
/// and the new leader runs only the steps nobody began. (A partition between hosts, and the fencing
/// epoch refusing the old leader when it comes back, need network namespaces: not here.)
@Suite("Coordinated rollback", .serialized)
struct CoordinatedRollbackTests {
    /// Two daemons, `alpha` and `beta`, on the same releases folder and database.
    static func hosts(_ cluster: PostgresCluster, _ releases: RollbackTests.Releases, steps: [String]) throws -> [DaemonProcess] {
        let check = TestConfig.uniqueName("api")
        return try ["alpha", "beta"].map { host in
            let body = TestConfig.database("main", conninfo: cluster.conninfo)
                + "[coordination]\ndatabase = \"main\"\nhost = \"\(host)\"\nsession_timeout = \"3s\"\n\n"
                + releases.config(check: check, steps: steps)
            let daemon = try DaemonProcess(body: body, logTarget: "journal", directory: try ScratchDirectory())
            _ = try #require(daemon.waitForReady(), "no READY=1 from \(host); output: \(daemon.output)")
            return daemon
        }
    }

    /// The entries of `kind` of either daemon (journalctl ORs matches of one field).
    static func entries(_ kind: EventKind, _ daemons: [DaemonProcess], _ more: [String] = [], count: Int = 1,
                        timeout: Duration = .seconds(30)) throws -> [[String: String]] {
        try JournalReader.entries(matching: ["MESSAGE_ID=\(kind.messageID)"] + daemons.map { "_PID=\($0.process.pid)" } + more,
                                  count: count, timeout: timeout)
    }

    static func actions(_ cluster: PostgresCluster) throws -> [String] {
        try cluster.psql("SELECT step || ' ' || host || ' ' || epoch || ' ' || coalesce(outcome, '-') FROM vigil_actions "
                         + "WHERE key = 'rollback:1.1' ORDER BY step").split(separator: "\n").map(String.init)
    }

    @Test("two hosts see the same bad release: exactly one rolls it back, each step once; the other waits")
    func exactlyOneRollsBack() async throws {
        try JournalReader.requirePrivateJournald()
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let releases = try RollbackTests.Releases(try ScratchDirectory())
        let daemons = try Self.hosts(cluster, releases, steps: [
            RemediationTests.exec(["/bin/sleep", "1"]), releases.switchBack,
        ])
        defer { for daemon in daemons { _ = daemon.terminate() } }
        _ = try Self.entries(.releaseGood, daemons, ["RELEASE=1.0"], count: 2)
        releases.deploy("1.1")

        let done = try #require(try Self.entries(.rollbackSucceeded, daemons, ["RELEASE=1.1"], timeout: .seconds(45)).first)
        let leader = try #require(done["_PID"])
        let other = try #require(daemons.first { "\($0.process.pid)" != leader })
        let waited = try #require(try JournalReader.entries(matching: [
            "MESSAGE_ID=\(EventKind.rollbackWaiting.messageID)", "MESSAGE_ID=\(EventKind.rollbackDoneElsewhere.messageID)",
            "_PID=\(other.process.pid)", "RELEASE=1.1",
        ]).first)
        #expect(waited["REASON"]?.contains("leads the hosts of [coordination] database main") ?? (waited["OUTCOME"] == "rolled back"), "\(waited)")
        pause(.seconds(2))
        #expect((try? Self.entries(.rollbackStarted, daemons, ["RELEASE=1.1"], count: 2, timeout: .zero)) == nil, "one rollback")
        let host = leader == "\(daemons[0].process.pid)" ? "alpha" : "beta"
        #expect(try Self.actions(cluster) == ["0 \(host) 1 rolled back", "1 \(host) 1 done", "2 \(host) 1 done"])
        #expect(releases.pointsAt == releases.directory.file("releases/1.0"))
    }

    @Test("the leader killed in the middle of a rollback: the other takes over, never runs again the step it began, finishes")
    func aKilledLeaderIsTakenOver() async throws {
        try JournalReader.requirePrivateJournald()
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let releases = try RollbackTests.Releases(try ScratchDirectory())
        let daemons = try Self.hosts(cluster, releases, steps: [
            RemediationTests.exec(["/bin/sleep", "30"], timeout: "60s"), releases.switchBack,
        ])
        defer { for daemon in daemons { _ = daemon.terminate() } }
        _ = try Self.entries(.releaseGood, daemons, ["RELEASE=1.0"], count: 2)
        releases.deploy("1.1")

        let started = try #require(try Self.entries(.rollbackStarted, daemons, ["RELEASE=1.1"]).first)
        #expect(started["EPOCH"] == "1")
        let leader = try #require(daemons.first { "\($0.process.pid)" == started["_PID"] })
        let other = try #require(daemons.first { $0 !== leader })
        pause(.seconds(1))
        kill(leader.process.pid, SIGKILL)
        _ = leader.process.waitForExit(timeout: .seconds(10))

        let takeover = try #require(try Self.entries(.rollbackStarted, [other], ["RELEASE=1.1"]).first)
        #expect(takeover["EPOCH"] == "2")
        let skipped = try #require(try Self.entries(.rollbackStep, [other], ["RELEASE=1.1", "STEP=1"]).first)
        #expect(skipped["DETAIL"]?.hasSuffix("whose leadership ended before it was seen to end; not run again") == true, "\(skipped)")
        _ = try Self.entries(.rollbackSucceeded, [other], ["RELEASE=1.1"], timeout: .seconds(30))
        let first = started["_PID"] == "\(daemons[0].process.pid)" ? "alpha" : "beta"
        let second = first == "alpha" ? "beta" : "alpha"
        #expect(try Self.actions(cluster) == ["0 \(second) 2 rolled back", "1 \(first) 1 -", "2 \(second) 2 done"])
        #expect(releases.pointsAt == releases.directory.file("releases/1.0"))
    }
}

/// Two hosts as network namespaces reaching one PostgreSQL over TCP, the leader cut off in the
/// middle of a rollback: the other takes over after the keepalive bound and finishes; when the
/// link comes back, the old leader's write is refused by the fencing epoch and it says so; no step
/// ran twice.
@Suite("Coordinated rollback across a partition", .serialized)
struct PartitionedRollbackTests {
    @Test("the leader partitioned mid-rollback: the other finishes it; back on the network, the old leader is fenced off")
    func partitionedLeaderIsFencedOff() async throws {
        try JournalReader.requirePrivateJournald()
        let network = try NetworkHosts(count: 2)
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try cluster.listen(on: network.hosts.map(\.gateway), trusting: "10.77.0.0/16")
        let releases = try RollbackTests.Releases(try ScratchDirectory())
        let check = TestConfig.uniqueName("api")
        let names = ["alpha", "beta"]
        let daemons = try zip(names, network.hosts).map { name, host in
            let body = TestConfig.database("main", conninfo: cluster.tcpConninfo(address: host.gateway))
                + "[coordination]\ndatabase = \"main\"\nhost = \"\(name)\"\nsession_timeout = \"3s\"\n\n"
                + releases.config(check: check, steps: [
                    RemediationTests.exec(["/bin/sleep", "1"]), RemediationTests.exec(["/bin/sleep", "8"], timeout: "30s"), releases.switchBack,
                ])
            let daemon = try DaemonProcess(body: body, logTarget: "journal", launcher: host.launcher, directory: try ScratchDirectory())
            _ = try #require(daemon.waitForReady(), "no READY=1 from \(name); output: \(daemon.output)")
            return daemon
        }
        defer { for daemon in daemons { _ = daemon.terminate() } }
        _ = try CoordinatedRollbackTests.entries(.releaseGood, daemons, ["RELEASE=1.0"], count: 2)
        releases.deploy("1.1")

        let started = try #require(try CoordinatedRollbackTests.entries(.rollbackStarted, daemons, ["RELEASE=1.1"]).first)
        let index = try #require(daemons.firstIndex { "\($0.process.pid)" == started["_PID"] })
        let (leader, other) = (daemons[index], daemons[1 - index])
        _ = try CoordinatedRollbackTests.entries(.rollbackStep, [leader], ["RELEASE=1.1", "STEP=1"])
        try network.partition(network.hosts[index])

        let takeover = try #require(try CoordinatedRollbackTests.entries(.rollbackStarted, [other], ["RELEASE=1.1"]).first)
        #expect(takeover["EPOCH"] == "2")
        _ = try CoordinatedRollbackTests.entries(.rollbackSucceeded, [other], ["RELEASE=1.1"], timeout: .seconds(40))
        try network.heal(network.hosts[index])

        let fenced = try #require(try CoordinatedRollbackTests.entries(.rollbackFencedOff, [leader], ["RELEASE=1.1"], timeout: .seconds(40)).first)
        #expect(fenced["REASON"] == "fenced off: \(names[1 - index]) leads with epoch 2, this host had 1", "\(fenced)")
        let skipped = try #require(try CoordinatedRollbackTests.entries(.rollbackStep, [other], ["RELEASE=1.1", "STEP=2"]).first)
        #expect(skipped["DETAIL"]?.hasSuffix("not run again") == true, "step 2 ran on the old leader only: \(skipped)")
        #expect(try CoordinatedRollbackTests.actions(cluster) == [
            "0 \(names[1 - index]) 2 rolled back", "1 \(names[index]) 1 done", "2 \(names[index]) 1 -", "3 \(names[1 - index]) 2 done",
        ])
        #expect(releases.pointsAt == releases.directory.file("releases/1.0"))
    }
}
