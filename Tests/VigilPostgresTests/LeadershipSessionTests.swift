import Glibc
import Testing
import VigilPostgres
import VigilTestSupport

/// Leadership among hosts sharing one real PostgreSQL: one leader at a time, a new epoch for each,
/// a fenced-off host refused, a step never begun twice, a finished action seen by everyone.
@Suite struct LeadershipSessionTests {
    static func deadline() -> ContinuousClock.Instant { .now + .seconds(10) }

    /// A claim as text, its steps in order.
    static func text(_ claim: LeadershipSession.Claim) -> String {
        func steps(_ map: [Int: String]) -> String { map.keys.sorted().map { "\($0): \(map[$0]!)" }.joined(separator: ", ") }
        switch claim {
        case let .leader(epoch, finished, unfinished): return "leader \(epoch), finished [\(steps(finished))], unfinished [\(steps(unfinished))]"
        case let .heldBy(host): return "held by \(host)"
        case let .done(host, outcome): return "done by \(host): \(outcome)"
        }
    }

    @Test("one leader; the other host waits; when the leader's session ends the other takes over with a newer epoch, and the old one is fenced off")
    func leaderFencingAndTakeover() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let conninfo = cluster.conninfo
        let outcome = try await runOnOwnThread { () throws -> [String] in
            var seen: [String] = []
            let alpha = LeadershipSession(conninfo: conninfo, host: "alpha", sessionTimeout: .seconds(6))
            let beta = LeadershipSession(conninfo: conninfo, host: "beta", sessionTimeout: .seconds(6))
            let key = "rollback:1.1"
            seen.append(Self.text(try alpha.claim(key, deadline: Self.deadline())))
            seen.append(Self.text(try beta.claim(key, deadline: Self.deadline())))
            seen.append("begin 0: \(try alpha.begin(key, step: 0, action: "rollback 1.1 to 1.0", deadline: Self.deadline()) ?? "ok")")
            seen.append("begin 1: \(try alpha.begin(key, step: 1, action: "switch_symlink", deadline: Self.deadline()) ?? "ok")")
            seen.append("finish 1: \(try alpha.finish(key, step: 1, outcome: "done", deadline: Self.deadline()) ?? "ok")")
            seen.append("begin 2: \(try alpha.begin(key, step: 2, action: "restore", deadline: Self.deadline()) ?? "ok")")
            // alpha's session is killed (as the server does when its keepalives go unanswered).
            _ = try cluster.psql("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = 1")
            seen.append(Self.text(try beta.claim(key, deadline: Self.deadline())))
            seen.append("beta begin 2: \(try beta.begin(key, step: 2, action: "restore", deadline: Self.deadline()) ?? "ok")")
            seen.append("beta begin 3: \(try beta.begin(key, step: 3, action: "exec", deadline: Self.deadline()) ?? "ok")")
            // alpha wakes up: its session is gone, so it must claim again, and cannot while beta leads.
            do {
                _ = try alpha.finish(key, step: 2, outcome: "done", deadline: Self.deadline())
                seen.append("alpha finish 2: no error")
            } catch {
                seen.append("alpha finish 2: session lost")
            }
            seen.append("alpha begin 3: \(try alpha.begin(key, step: 3, action: "exec", deadline: Self.deadline()) ?? "ok")")
            seen.append(Self.text(try alpha.claim(key, deadline: Self.deadline())))
            seen.append("beta finish 3: \(try beta.finish(key, step: 3, outcome: "done", deadline: Self.deadline()) ?? "ok")")
            seen.append("beta begin 0 again: \(try beta.begin(key, step: 0, action: "again", deadline: Self.deadline()) ?? "ok")")
            seen.append("beta finish 0: \(try beta.finish(key, step: 0, outcome: "rolled back", deadline: Self.deadline()) ?? "ok")")
            beta.resign()
            seen.append(Self.text(try alpha.claim(key, deadline: Self.deadline())))
            return seen
        }
        #expect(outcome[0] == "leader 1, finished [], unfinished []")
        #expect(outcome[1] == "held by alpha")
        #expect(outcome[2...5] == ["begin 0: ok", "begin 1: ok", "finish 1: ok", "begin 2: ok"])
        #expect(outcome[6] == "leader 2, finished [1: done], unfinished [0: alpha, 2: alpha]", "\(outcome)")
        #expect(outcome[7] == "beta begin 2: step 2 of rollback:1.1 was begun by alpha (epoch 1)", "no step begins twice")
        #expect(outcome[8] == "beta begin 3: ok")
        #expect(outcome[9] == "alpha finish 2: session lost")
        #expect(outcome[10] == "alpha begin 3: fenced off: beta leads with epoch 2, this host had 1")
        #expect(outcome[11] == "held by beta")
        #expect(outcome[12] == "beta finish 3: ok")
        #expect(outcome[13] == "beta begin 0 again: step 0 of rollback:1.1 was begun by alpha (epoch 1)")
        #expect(outcome[14] == "beta finish 0: ok", "the leader that finished the action records its end")
        #expect(outcome[15] == "done by beta: rolled back", "once done, nobody runs it again")
        let table = try cluster.psql("SELECT step || ' ' || host || ' ' || epoch || ' ' || coalesce(outcome, '-') FROM vigil_actions ORDER BY step")
        #expect(table.split(separator: "\n") == ["0 beta 2 rolled back", "1 alpha 1 done", "2 alpha 1 -", "3 beta 2 done"], "\(table)")
    }

    @Test("a finished action is seen as done by every host; the schema is created once, whoever comes first")
    func doneIsSeenByEveryone() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let conninfo = cluster.conninfo
        let (claim, again) = try await runOnOwnThread { () throws -> (LeadershipSession.Claim, LeadershipSession.Claim) in
            let alpha = LeadershipSession(conninfo: conninfo, host: "alpha", sessionTimeout: .seconds(6))
            let beta = LeadershipSession(conninfo: conninfo, host: "beta", sessionTimeout: .seconds(6))
            _ = try alpha.claim("rollback:2.0", deadline: Self.deadline())
            _ = try alpha.begin("rollback:2.0", step: 0, action: "rollback 2.0 to 1.9", deadline: Self.deadline())
            _ = try alpha.finish("rollback:2.0", step: 0, outcome: "rolled back", deadline: Self.deadline())
            alpha.resign()
            return (try beta.claim("rollback:2.0", deadline: Self.deadline()), try alpha.claim("rollback:2.0", deadline: Self.deadline()))
        }
        #expect(claim == .done(host: "alpha", outcome: "rolled back"))
        #expect(again == .done(host: "alpha", outcome: "rolled back"))
        #expect(try cluster.psql("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'vigil_%'") == "2")
    }

    @Test("leadership without an action: kept while the session lives, kept with its epoch after a lost session nobody used, passed on with a newer one")
    func leadershipAlone() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        let conninfo = cluster.conninfo
        @Sendable func text(_ session: LeadershipSession) -> String {
            do {
                switch try session.lead(deadline: Self.deadline()) {
                case .leader(let epoch): return "leader \(epoch)"
                case .heldBy(let host): return "held by \(host)"
                }
            } catch {
                return "session lost"
            }
        }
        let killAlpha: @Sendable () throws -> Void = { _ = try cluster.psql("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = 1") }
        let seen = try await runOnOwnThread { () throws -> [String] in
            let alpha = LeadershipSession(conninfo: conninfo, host: "alpha", sessionTimeout: .seconds(6))
            let beta = LeadershipSession(conninfo: conninfo, host: "beta", sessionTimeout: .seconds(6))
            var seen = [text(alpha), text(beta), text(alpha)]
            try killAlpha()
            seen += [text(alpha), text(alpha), text(beta)]
            try killAlpha()
            seen += [text(alpha), text(beta), text(alpha)]
            beta.resign()
            // The server frees the lock when beta's backend has seen the connection close: a moment later.
            var next = text(alpha)
            for _ in 0..<50 where next == "held by beta" {
                usleep(100_000)
                next = text(alpha)
            }
            seen.append(next)
            return seen
        }
        #expect(seen == [
            "leader 1", "held by alpha", "leader 1",
            "session lost", "leader 1", "held by alpha",
            "session lost", "leader 2", "held by beta",
            "leader 3",
        ])
    }
}
