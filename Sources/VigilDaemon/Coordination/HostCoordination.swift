import Dispatch
import FoundationEssentials
import Glibc
import VigilCore
import VigilNotify
import VigilPostgres
import VigilProcess

/// This host's side of `[coordination]`: leadership among the hosts that share a database, one
/// session for the rollbacks and the exclusive plans alike (two would contend for the one lock),
/// claimed before an action and proved before each of its steps (`LeadershipSession`). Every call
/// blocks on the network, so each runs on a thread of its own (`DetachedThread`), one at a time,
/// never on the decision loop's queue or Swift's cooperative pool.
final class HostCoordination: @unchecked Sendable {
    let settings: CoordinationSettings
    let conninfo: String
    /// How this host names itself in the tables.
    let host: String
    private let session: LeadershipSession
    private let serial = DispatchQueue(label: "vigil.coordination")

    init(settings: CoordinationSettings, conninfo: String) {
        self.settings = settings
        self.conninfo = conninfo
        host = settings.host ?? NotificationSender.localHostName()
        session = LeadershipSession(conninfo: conninfo, host: host, sessionTimeout: settings.sessionTimeout)
    }

    /// The outcome written to `vigil_actions` for a step that succeeded.
    static let stepDone = "done"

    /// A step's outcome as `vigil_actions` records it: `done`, or `failed: ` and how.
    static func outcome(of step: RemediationStepOutcome) -> String {
        step.succeeded ? stepDone : "failed: \(step.exitStatus)"
    }

    /// How often a host that waits for another's action or leadership, or for the database, asks again.
    var retryInterval: Duration { max(settings.sessionTimeout / 3, .seconds(1)) }

    /// Takes leadership, or proves it still holds, or says who has it.
    func lead() async -> Result<LeadershipSession.Leadership, PostgresError> {
        await blocking { [self] in
            do throws(PostgresError) {
                return .success(try session.lead(deadline: deadline))
            } catch {
                return .failure(error)
            }
        }
    }

    /// Takes leadership for the action `key` and, when this host starts it, records it as begun
    /// (step 0, described by `action`).
    func claim(key: String, action: String) async -> Result<LeadershipSession.Claim, PostgresError> {
        await blocking { [self] in
            do throws(PostgresError) {
                let claim = try session.claim(key, deadline: deadline)
                if case .leader(_, let finished, let unfinished) = claim, finished[0] == nil, unfinished[0] == nil,
                   let refusal = try session.begin(key, step: 0, action: action, deadline: deadline) {
                    return .failure(PostgresError(refusal))
                }
                return .success(claim)
            } catch {
                return .failure(error)
            }
        }
    }

    /// Proves leadership and records that step `number` (1-based) starts; nil when it may run,
    /// otherwise why not.
    func begin(key: String, step number: Int, action: String) async -> String? {
        await blocking { [self] in
            do throws(PostgresError) {
                return try session.begin(key, step: number, action: action, deadline: deadline)
            } catch {
                return "cannot record the start of step \(number) in [coordination] database \(settings.database): \(error)"
            }
        }
    }

    /// Records how step `number` (0: the rollback as a whole) ended. A database out of reach is
    /// asked again until `settings.sessionTimeout` × 6 has passed: when it answers, the write is
    /// accepted, or refused because another host took over. Nil when recorded.
    func finish(key: String, step number: Int, outcome: String) async -> String? {
        await DetachedThread.run { self.finishBlocking(key: key, step: number, outcome: outcome) }
    }

    private func finishBlocking(key: String, step number: Int, outcome: String) -> String? {
        let giveUpAt = ContinuousClock.now + settings.sessionTimeout * 6
        while true {
            let attempt: Result<String?, PostgresError> = serial.sync {
                do throws(PostgresError) {
                    return .success(try session.finish(key, step: number, outcome: outcome, deadline: deadline))
                } catch {
                    return .failure(error)
                }
            }
            switch attempt {
            case .success(let refusal): return refusal
            case .failure(let error):
                guard ContinuousClock.now < giveUpAt else {
                    return "cannot record the end of step \(number) in [coordination] database \(settings.database): \(error)"
                }
                usleep(1_000_000)
            }
        }
    }

    /// `work` on a thread of its own, after any call still in flight.
    private func blocking<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
        await DetachedThread.run { self.serial.sync(execute: work) }
    }

    /// Each call's bound: a session that cannot answer within it is taken as lost.
    private var deadline: ContinuousClock.Instant { .now + settings.sessionTimeout }
}
