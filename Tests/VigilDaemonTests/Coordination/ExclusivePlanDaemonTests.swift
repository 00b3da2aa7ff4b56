import Foundation
import Glibc
import Testing
import VigilCore
import VigilTestSupport

/// `exclusive = true` plans with two daemons as two hosts of one PostgreSQL, both watching one
/// shared target: only the leader runs the plan, each step recorded in `vigil_actions`; the other
/// skips it (`not-leading`) and spends nothing; a leader killed with SIGKILL is replaced within the
/// session bound, and the new leader runs the plan the next time the target fails.
@Suite("Exclusive plans across hosts", .serialized)
struct ExclusivePlanDaemonTests {
    @Test("one host leads and runs the shared plan; the other skips it; the leader killed, the other takes over and runs it")
    func onlyTheLeaderRunsIt() async throws {
        try JournalReader.requirePrivateJournald()
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let shared = try ScratchDirectory()
        let flag = shared.file("primary-up")
        #expect(FileManager.default.createFile(atPath: flag, contents: Data()))
        let check = TestConfig.uniqueName("primary")
        let names = ["alpha", "beta"]
        let daemons = try names.map { host in
            let body = TestConfig.database("main", conninfo: cluster.conninfo)
                + "[coordination]\ndatabase = \"main\"\nhost = \"\(host)\"\nsession_timeout = \"3s\"\n\n"
                + RemediationTests.fileCheck(check, path: flag, plan: "failover")
                + "\n" + RemediationTests.plan("failover", steps: [
                    RemediationTests.exec(["/bin/sleep", "3"]),
                    RemediationTests.exec(["/usr/bin/touch", shared.file("failed-over-by-\(host)")]),
                    RemediationTests.exec(["/usr/bin/touch", flag]),
                ], maxAttempts: 3, verifyTimeout: "10s") + "exclusive = true\n"
            let daemon = try DaemonProcess(body: body, logTarget: "journal", directory: try ScratchDirectory())
            _ = try #require(daemon.waitForReady(), "no READY=1 from \(host); output: \(daemon.output)")
            return daemon
        }
        defer { for daemon in daemons { _ = daemon.terminate() } }

        let leading = try #require(try CoordinatedRollbackTests.entries(.leadershipChanged, daemons, ["LEADING=1"]).first)
        let index = try #require(daemons.firstIndex { "\($0.process.pid)" == leading["_PID"] })
        let (leader, other) = (daemons[index], daemons[1 - index])
        #expect(leading["EPOCH"] == "1" && leading["LEADER"] == names[index], "\(leading)")
        let following = try #require(try CoordinatedRollbackTests.entries(.leadershipChanged, [other], ["LEADING=0"]).first)
        #expect(following["LEADER"] == names[index], "\(following)")
        #expect(await waitUntil { leader.document?.coordination?.leading == true && other.document?.coordination?.leader == names[index] },
                "status.json says who leads")

        try FileManager.default.removeItem(atPath: flag)
        _ = try CoordinatedRollbackTests.entries(.remediationVerified, [leader], ["CHECK=\(check)"], timeout: .seconds(30))
        let skipped = try #require(try CoordinatedRollbackTests.entries(.remediationSkipped, [other], ["CHECK=\(check)", "SKIP_REASON=not-leading"]).first)
        #expect(skipped["REASON"] == "\(names[index]) leads the hosts of [coordination] database main; exclusive plans run there", "\(skipped)")
        #expect(skipped["BUDGET_LEFT"] == "3", "a host that does not lead spends nothing")
        #expect(FileManager.default.fileExists(atPath: shared.file("failed-over-by-\(names[index])")))
        #expect(!FileManager.default.fileExists(atPath: shared.file("failed-over-by-\(names[1 - index])")))
        #expect((try? CoordinatedRollbackTests.entries(.remediationTriggered, [other], ["CHECK=\(check)"], timeout: .zero)) == nil)
        #expect(try Self.actions(cluster) == ["1 \(names[index]) 1 done", "2 \(names[index]) 1 done", "3 \(names[index]) 1 done"])

        kill(leader.process.pid, SIGKILL)
        _ = leader.process.waitForExit(timeout: .seconds(10))
        let takeover = try #require(try CoordinatedRollbackTests.entries(.leadershipChanged, [other], ["LEADING=1"], timeout: .seconds(30)).first)
        #expect(takeover["EPOCH"] == "2" && takeover["LEADER"] == names[1 - index], "\(takeover)")

        try FileManager.default.removeItem(atPath: flag)
        _ = try CoordinatedRollbackTests.entries(.remediationVerified, [other], ["CHECK=\(check)"], timeout: .seconds(30))
        #expect(FileManager.default.fileExists(atPath: shared.file("failed-over-by-\(names[1 - index])")))
        let actions = try Self.actions(cluster)
        #expect(actions.filter { $0.hasSuffix(" \(names[1 - index]) 2 done") }.count == 3, "\(actions)")
    }

    /// Each recorded step of a remediation attempt: `step host epoch outcome`, attempt by attempt.
    static func actions(_ cluster: PostgresCluster) throws -> [String] {
        try cluster.psql("SELECT step || ' ' || host || ' ' || epoch || ' ' || coalesce(outcome, '-') FROM vigil_actions "
                         + "WHERE key LIKE 'remediation:failover@%' ORDER BY started_at, step").split(separator: "\n").map(String.init)
    }
}
