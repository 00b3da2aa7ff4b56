import FoundationEssentials
import VigilCore

/// One host's claim to act for all the hosts that share a PostgreSQL (`[coordination]`): a
/// session-level advisory lock on a connection of its own, with TCP keepalives on both ends so a
/// host that vanished loses the lock within `sessionTimeout`, and a **fencing epoch** from
/// `vigil_leadership` that grows with every new leader. Every step of an action is a row of
/// `vigil_actions` written only while this host's epoch is the newest, and `(key, step)` is unique,
/// so a host that lost its session cannot start a step, and no step starts twice.
///
/// The epoch is this host's belief, kept across a lost session: the database, not the host, says
/// whether it still holds. A host whose session ended reconnects and tries the lock again; if the
/// epoch is still its own, nobody took over and it goes on; if another host's is newer, every write
/// of the old epoch is refused ("fenced off").
///
/// Blocking: use it from one thread at a time, off the decision loop's queue.
public final class LeadershipSession {
    /// What `claim` found.
    public enum Claim: Sendable, Equatable {
        /// This host leads with `epoch`. `finished` are the steps of the action any leader ended
        /// (step → outcome); `unfinished` a step an earlier leader began whose end nobody knows.
        case leader(epoch: Int64, finished: [Int: String], unfinished: [Int: String])
        /// Another host leads now (its name, as it recorded itself).
        case heldBy(String)
        /// The action was already run to its end by `host`.
        case done(host: String, outcome: String)
    }

    /// What `lead` found: this host leads with `epoch`, or another host (its name) does.
    public enum Leadership: Sendable, Equatable {
        case leader(epoch: Int64)
        case heldBy(String)
    }

    /// Both tables; idempotent, and serialised by a transaction-level lock so that two hosts
    /// creating them at once do not collide. The role needs only these two tables.
    public static let schema = """
        BEGIN;
        SELECT pg_advisory_xact_lock(\(lockClass), 0);
        CREATE TABLE IF NOT EXISTS vigil_leadership (
            id int PRIMARY KEY CHECK (id = 1),
            epoch bigint NOT NULL,
            host text NOT NULL,
            since timestamptz NOT NULL
        );
        CREATE TABLE IF NOT EXISTS vigil_actions (
            key text NOT NULL,
            step int NOT NULL,
            host text NOT NULL,
            epoch bigint NOT NULL,
            action text NOT NULL,
            started_at timestamptz NOT NULL DEFAULT now(),
            finished_at timestamptz,
            outcome text,
            PRIMARY KEY (key, step)
        );
        COMMIT;
        """

    /// The advisory lock's first key ("Vigi" in ASCII); the second is 1 for leadership, 0 for the schema.
    public static let lockClass: Int32 = 0x5669_6769

    private let conninfo: String
    private let host: String
    private let sessionTimeout: Duration
    private var connection: PostgresConnection?
    /// The epoch this host believes it leads with; nil until a claim succeeds, and once a write
    /// was refused because another host's epoch is newer.
    public private(set) var epoch: Int64?
    /// Whether the current session holds the advisory lock.
    private var holdsLock = false

    public init(conninfo: String, host: String, sessionTimeout: Duration) {
        self.conninfo = conninfo
        self.host = host
        self.sessionTimeout = sessionTimeout
    }

    /// Takes leadership for `key` (or keeps it), or says who has it or has done the action.
    public func claim(_ key: String, deadline: ContinuousClock.Instant) throws(PostgresError) -> Claim {
        let session = try open(deadline: deadline)
        let rows = try rows(session, "SELECT step, host, epoch, outcome FROM vigil_actions WHERE key = \(try SQLQuoting.literal(key)) ORDER BY step",
                            deadline: deadline)
        if let whole = rows.first(where: { $0[0] == "0" }), let outcome = whole[3] {
            return .done(host: whole[1] ?? "?", outcome: outcome)
        }
        if case .heldBy(let holder) = try lead(deadline: deadline) { return .heldBy(holder) }
        var finished: [Int: String] = [:]
        var unfinished: [Int: String] = [:]
        for row in rows {
            guard let stepText = row[0], let step = Int(stepText) else { continue }
            if let outcome = row[3] { finished[step] = outcome } else { unfinished[step] = row[1] ?? "?" }
        }
        return .leader(epoch: epoch ?? 0, finished: finished, unfinished: unfinished)
    }

    /// Takes leadership, or proves this session still holds it (a round trip on it), or says who has it.
    public func lead(deadline: ContinuousClock.Instant) throws(PostgresError) -> Leadership {
        let session = try open(deadline: deadline)
        if holdsLock, let epoch {
            _ = try value(session, "SELECT 1", deadline: deadline)
            return .leader(epoch: epoch)
        }
        if !holdsLock, !(try tryLock(session, deadline: deadline)) {
            let holder = try value(session, "SELECT host FROM vigil_leadership WHERE id = 1", deadline: deadline)
            return .heldBy(holder ?? "another host")
        }
        // The lock again after a lost session, with the epoch unchanged: nobody took over, so
        // this host goes on with its epoch; otherwise a new one.
        let current = try value(session, "SELECT epoch FROM vigil_leadership WHERE id = 1", deadline: deadline)
        if epoch == nil || current.flatMap({ Int64($0) }) != epoch {
            let next = try value(session, """
                INSERT INTO vigil_leadership (id, epoch, host, since) VALUES (1, 1, \(try SQLQuoting.literal(host)), now())
                ON CONFLICT (id) DO UPDATE SET epoch = vigil_leadership.epoch + 1, host = EXCLUDED.host, since = now()
                RETURNING epoch
                """, deadline: deadline)
            guard let next, let value = Int64(next) else { throw PostgresError("vigil_leadership returned no epoch") }
            epoch = value
        }
        return .leader(epoch: epoch ?? 0)
    }

    /// Records that step `step` of `key` starts (0: the action as a whole). Nil when it may run;
    /// otherwise why not: another host's epoch is newer (this one was fenced off), or the step was
    /// begun already.
    public func begin(_ key: String, step: Int, action: String, deadline: ContinuousClock.Instant) throws(PostgresError) -> String? {
        try fencedWrite(key, step: step, deadline: deadline) { epoch throws(PostgresError) in
            """
            INSERT INTO vigil_actions (key, step, host, epoch, action)
            SELECT \(try SQLQuoting.literal(key)), \(step), \(try SQLQuoting.literal(host)), epoch, \(try SQLQuoting.literal(action))
            FROM vigil_leadership WHERE id = 1 AND epoch = \(epoch)
            ON CONFLICT (key, step) DO NOTHING RETURNING step
            """
        }
    }

    /// Records how step `step` of `key` ended: only the leader that began a step ends it, but the
    /// action as a whole (step 0) is ended by whichever leader finished it. Nil when recorded;
    /// otherwise why not (fenced off).
    public func finish(_ key: String, step: Int, outcome: String, deadline: ContinuousClock.Instant) throws(PostgresError) -> String? {
        try fencedWrite(key, step: step, deadline: deadline) { epoch throws(PostgresError) in
            """
            UPDATE vigil_actions SET finished_at = now(), outcome = \(try SQLQuoting.literal(outcome)),
                host = \(try SQLQuoting.literal(host)), epoch = \(epoch)
            WHERE key = \(try SQLQuoting.literal(key)) AND step = \(step) AND (epoch = \(epoch) OR step = 0)
              AND EXISTS (SELECT 1 FROM vigil_leadership WHERE id = 1 AND epoch = \(epoch))
            RETURNING step
            """
        }
    }

    /// Runs `statement` (made for this host's epoch, returning a row when it wrote) under the lock,
    /// taken again first after a lost session. Nil when it wrote; otherwise why not.
    private func fencedWrite(_ key: String, step: Int, deadline: ContinuousClock.Instant,
                             _ statement: (Int64) throws(PostgresError) -> String) throws(PostgresError) -> String? {
        guard let epoch else { return "this host does not lead" }
        let session = try open(deadline: deadline)
        if !holdsLock, !(try tryLock(session, deadline: deadline)) { return try refusal(key, step: step, deadline: deadline) }
        guard try rows(session, try statement(epoch), deadline: deadline).isEmpty else { return nil }
        return try refusal(key, step: step, deadline: deadline)
    }

    /// Ends the session and gives leadership up: the advisory lock goes with the session.
    public func resign() {
        dropSession()
        epoch = nil
    }

    /// The session is gone (or may be): the lock with it. The epoch stays this host's belief.
    private func dropSession() {
        connection = nil
        holdsLock = false
    }

    /// The leadership lock, if no other host holds it. After a lost session, whether the epoch is
    /// still this host's is for `claim`, the fenced write or `refusal` to find out.
    private func tryLock(_ session: PostgresConnection, deadline: ContinuousClock.Instant) throws(PostgresError) -> Bool {
        holdsLock = try value(session, "SELECT pg_try_advisory_lock(\(Self.lockClass), 1)", deadline: deadline) == "t"
        return holdsLock
    }

    /// Why a write of this epoch was refused.
    private func refusal(_ key: String, step: Int, deadline: ContinuousClock.Instant) throws(PostgresError) -> String {
        let session = try open(deadline: deadline)
        let leader = try rows(session, "SELECT epoch, host FROM vigil_leadership WHERE id = 1", deadline: deadline).first
        if let leader, let newest = leader[0].flatMap({ Int64($0) }), let mine = epoch, newest != mine || !holdsLock {
            if newest != mine { epoch = nil }
            return "fenced off: \(leader[1] ?? "another host") leads with epoch \(newest), this host had \(mine)"
        }
        let begun = try rows(session, "SELECT host, epoch FROM vigil_actions WHERE key = \(try SQLQuoting.literal(key)) AND step = \(step)",
                             deadline: deadline).first
        return "step \(step) of \(key) was begun by \(begun?[0] ?? "another host") (epoch \(begun?[1] ?? "?"))"
    }

    /// The session, connected with keepalives on both ends and the schema in place.
    private func open(deadline: ContinuousClock.Instant) throws(PostgresError) -> PostgresConnection {
        if let connection { return connection }
        let seconds = max(Int(DurationText.milliseconds(sessionTimeout) / 1000), 2)
        let probe = Self.probeInterval(seconds)
        let session = try PostgresConnection.connect(conninfo: try Self.keepalive(conninfo, seconds: seconds), deadline: deadline)
        // The server's side: it notices a vanished host within the same bound and ends its session,
        // which releases the lock for another host.
        _ = try session.query("""
            SET tcp_keepalives_idle = \(probe); SET tcp_keepalives_interval = \(probe); SET tcp_keepalives_count = 3;
            SET tcp_user_timeout = \(seconds * 1000);
            """, deadline: deadline)
        _ = try session.query(Self.schema, deadline: deadline)
        connection = session
        return session
    }

    /// The rows of `sql`. A query's failure means the session may be gone: it is dropped, with the
    /// lock, so the next call connects again; the epoch is kept, for the database to accept or fence off.
    private func rows(_ session: PostgresConnection, _ sql: String, deadline: ContinuousClock.Instant) throws(PostgresError) -> [[String?]] {
        do {
            return try session.query(sql, deadline: deadline).rows
        } catch {
            dropSession()
            throw error
        }
    }

    /// The first column of the first row of `sql`, as `rows` runs it.
    private func value(_ session: PostgresConnection, _ sql: String, deadline: ContinuousClock.Instant) throws(PostgresError) -> String? {
        try rows(session, sql, deadline: deadline).first?.first ?? nil
    }

    /// Seconds between keepalive probes, on both ends: three unanswered ones fit in the timeout.
    static func probeInterval(_ seconds: Int) -> Int {
        max(seconds / 3, 1)
    }

    /// The conninfo with client keepalives (unless the operator set them).
    static func keepalive(_ conninfo: String, seconds: Int) throws(PostgresError) -> String {
        var options = try ConninfoOptions.parse(conninfo)
        let probe = String(probeInterval(seconds))
        for (keyword, value) in [("keepalives", "1"), ("keepalives_idle", probe), ("keepalives_interval", probe),
                                 ("keepalives_count", "3"), ("tcp_user_timeout", String(seconds * 1000))]
        where !options.contains(where: { $0.keyword == keyword }) {
            options.append((keyword, value))
        }
        return ConninfoOptions.text(options)
    }
}
