import Foundation
import Glibc

/// A throwaway PostgreSQL 15 cluster for one test: its own temp directory, listening only on a
/// unix socket there, started as user `postgres`, removed by `shutdown()` or `deinit`.
///
/// `initdb` runs once per test process into a template that each cluster copies, which turns
/// a multi-second start into a fraction of one.
public final class PostgresCluster: @unchecked Sendable {
    public static let binaries = "/usr/lib/postgresql/15/bin"

    /// The directory holding `data/`, `server.log` and the socket (`.s.PGSQL.<port>`).
    public let directory: String
    public let port: Int
    private var isShutDown = false
    private let lock = NSLock()

    /// How long `init` took (the copy of the template and `pg_ctl start`; the first cluster of a
    /// process also pays for `initdb`).
    public private(set) var startupTime: Duration = .zero
    /// TCP addresses the server listens on besides its socket (none by default).
    public private(set) var listenAddresses: [String] = []

    public init() throws {
        let started = ContinuousClock.now
        let template = try Self.template()
        directory = try Self.makeDirectory()
        port = Self.freePort()
        do {
            try Self.run(["/bin/cp", "-a", template, "\(directory)/data"])
            try start()
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        startupTime = started.duration(to: .now)
    }

    deinit {
        shutdown()
    }

    /// Starts a cluster without holding a cooperative thread while `initdb`/`pg_ctl` run.
    public static func launch() async throws -> PostgresCluster {
        try await runOnOwnThread { try PostgresCluster() }
    }

    /// libpq connection string as the superuser, over the unix socket.
    public var conninfo: String { conninfo(user: "postgres") }

    /// libpq connection string for `user`, with an optional password (single-quoted for libpq).
    public func conninfo(user: String, password: String? = nil, database: String = "postgres") -> String {
        var text = "host=\(directory) port=\(port) user=\(user) dbname=\(database)"
        if let password {
            let quoted = password.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
            text += " password='\(quoted)'"
        }
        return text
    }

    public func start() throws {
        try Self.runAsPostgres([
            "\(Self.binaries)/pg_ctl", "-D", "\(directory)/data", "-l", "\(directory)/server.log", "-w", "-t", "30",
            "-o", "-k \(directory) -p \(port) -c listen_addresses='\(listenAddresses.joined(separator: ","))' -c fsync=off -c max_connections=100",
            "start",
        ])
    }

    /// Restarts the server listening on `addresses` too (on the test's own links), trusting
    /// connections from `network` (CIDR): for hosts that reach it over TCP.
    public func listen(on addresses: [String], trusting network: String) throws {
        try stop()
        let hba = "\(directory)/data/pg_hba.conf"
        let text = try String(contentsOfFile: hba, encoding: .utf8)
        try (text + "\nhost all all \(network) trust\n").write(toFile: hba, atomically: true, encoding: .utf8)
        listenAddresses = addresses
        try start()
    }

    /// Serves TLS with this certificate and key (copied into the data folder, owned by postgres,
    /// mode 0600) on 127.0.0.1 as well as its socket: for checks of the server's certificate.
    public func serveTLS(certificate: String, key: String) throws {
        let data = "\(directory)/data"
        for (source, name) in [(certificate, "server.crt"), (key, "server.key")] {
            try? FileManager.default.removeItem(atPath: "\(data)/\(name)")
            try FileManager.default.copyItem(atPath: source, toPath: "\(data)/\(name)")
            _ = try Self.run(["/bin/chown", "postgres:postgres", "\(data)/\(name)"])
            _ = try Self.run(["/bin/chmod", "0600", "\(data)/\(name)"])
        }
        let settings = "\(data)/postgresql.auto.conf"
        let text = (try? String(contentsOfFile: settings, encoding: .utf8)) ?? ""
        try (text + "\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n").write(toFile: settings, atomically: false, encoding: .utf8)
        try listen(on: ["127.0.0.1"], trusting: "127.0.0.1/32")
    }

    /// libpq connection string as the superuser over TCP to `address`.
    public func tcpConninfo(address: String) -> String {
        "host=\(address) port=\(port) user=postgres dbname=postgres connect_timeout=3"
    }

    /// A clean, fast stop; the cluster can `start()` again on the same port.
    public func stop() throws {
        thaw()
        try Self.runAsPostgres(["\(Self.binaries)/pg_ctl", "-D", "\(directory)/data", "-m", "fast", "-w", "-t", "30", "stop"])
    }

    /// SIGSTOP to the postmaster first (so it forks no one new), then to every child.
    public func freeze() {
        guard let postmaster = postmasterPID() else { return }
        kill(postmaster, SIGSTOP)
        for child in Self.children(of: postmaster) { kill(child, SIGSTOP) }
    }

    public func thaw() {
        guard let postmaster = postmasterPID() else { return }
        for child in Self.children(of: postmaster) { kill(child, SIGCONT) }
        kill(postmaster, SIGCONT)
    }

    /// Runs SQL as the superuser through `psql` and returns its unaligned, tuples-only output.
    @discardableResult
    public func psql(_ sql: String) throws -> String {
        try Self.runAsPostgres([
            "\(Self.binaries)/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
            "-h", directory, "-p", String(port), "-U", "postgres", "-d", "postgres", "-c", sql,
        ]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Creates (or updates) a login role with a password and makes every role but `postgres`
    /// authenticate with scram-sha-256 over the socket.
    public func setPassword(user: String, password: String) throws {
        let literal = "'" + password.replacingOccurrences(of: "'", with: "''") + "'"
        let nameLiteral = "'" + user.replacingOccurrences(of: "'", with: "''") + "'"
        let identifier = "\"" + user.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        try psql("""
            DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = \(nameLiteral)) \
            THEN CREATE ROLE \(identifier) LOGIN; END IF; END$$
            """)
        try psql("SET password_encryption = 'scram-sha-256'; ALTER ROLE \(identifier) LOGIN PASSWORD \(literal)")
        let hba = "local all postgres trust\nlocal all all scram-sha-256\n"
        try hba.write(toFile: "\(directory)/data/pg_hba.conf", atomically: false, encoding: .utf8)
        try psql("SELECT pg_reload_conf()")
    }

    /// Thaws, stops (immediately: nothing here is worth keeping) and deletes the directory. Idempotent.
    public func shutdown() {
        lock.lock()
        defer { lock.unlock() }
        guard !isShutDown else { return }
        isShutDown = true
        thaw()
        let postmaster = postmasterPID()
        _ = try? Self.runAsPostgres(["\(Self.binaries)/pg_ctl", "-D", "\(directory)/data", "-m", "immediate", "-w", "-t", "10", "stop"])
        if let postmaster, kill(postmaster, 0) == 0 { kill(postmaster, SIGKILL) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: - Processes

    /// The postmaster's pid, from the first line of `postmaster.pid`; `nil` when stopped.
    public func postmasterPID() -> pid_t? {
        guard let text = try? String(contentsOfFile: "\(directory)/data/postmaster.pid", encoding: .utf8),
              let first = text.split(separator: "\n").first, let pid = pid_t(first) else { return nil }
        return pid
    }

    /// Every process whose parent is `parent`, from `/proc/<pid>/stat` (field 4, after the
    /// parenthesised command name, which may itself hold spaces).
    static func children(of parent: pid_t) -> [pid_t] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, pid_t(fields[1]) == parent else { return nil }
            return pid
        }
    }

    // MARK: - Setup

    private static let templateLock = NSLock()
    nonisolated(unsafe) private static var templatePath: String?

    /// One `initdb` per process; its directory is removed when the process exits.
    private static func template() throws -> String {
        templateLock.lock()
        defer { templateLock.unlock() }
        if let templatePath { return templatePath }
        let directory = try makeDirectory()
        try runAsPostgres(["\(binaries)/initdb", "-D", "\(directory)/data", "-U", "postgres", "--auth=trust",
                           "--no-sync", "-E", "UTF8", "--locale=C"])
        templatePath = "\(directory)/data"
        templateDirectory = directory
        atexit { if let directory = PostgresCluster.templateDirectory { try? FileManager.default.removeItem(atPath: directory) } }
        return "\(directory)/data"
    }
    nonisolated(unsafe) private static var templateDirectory: String?

    /// A fresh directory under /tmp owned by `postgres` (it must be able to enter it).
    private static func makeDirectory() throws -> String {
        var pattern = Array("/tmp/vigil-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&pattern) else { throw PostgresClusterError("mkdtemp: \(String(cString: strerror(errno)))") }
        let path = String(cString: made)
        guard let user = getpwnam("postgres") else { throw PostgresClusterError("no user postgres") }
        guard chown(path, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
            throw PostgresClusterError("chown \(path): \(String(cString: strerror(errno)))")
        }
        return path
    }

    private static let portLock = NSLock()
    nonisolated(unsafe) private static var usedPorts: Set<Int> = []

    /// A port no other cluster of this process uses and no socket in the usual places claims,
    /// from a random base so parallel test processes rarely meet.
    private static func freePort() -> Int {
        portLock.lock()
        defer { portLock.unlock() }
        var port = Int.random(in: 20000..<60000)
        while usedPorts.contains(port) || ["/tmp", "/var/run/postgresql"].contains(where: {
            FileManager.default.fileExists(atPath: "\($0)/.s.PGSQL.\(port)")
        }) {
            port = port + 1 < 60000 ? port + 1 : 20000
        }
        usedPorts.insert(port)
        return port
    }

    @discardableResult
    private static func runAsPostgres(_ arguments: [String]) throws -> String {
        // From /tmp: user postgres may not be able to enter the test's working directory.
        try run(["/usr/bin/env", "-C", "/tmp", "/usr/sbin/runuser", "-u", "postgres", "--"] + arguments)
    }

    /// Runs an argv (no shell) with `posix_spawn` and `waitpid`, its output in a temp file, never
    /// a pipe (a server started by `pg_ctl` must not hold our pipe open). Foundation's `Process`
    /// is not used: its wait could hang when every cooperative thread ran a blocking test.
    @discardableResult
    private static func run(_ arguments: [String]) throws -> String {
        var outputPattern = Array("/tmp/vigil-pg-out-XXXXXX".utf8CString)
        let outputDescriptor = mkstemp(&outputPattern)
        guard outputDescriptor >= 0 else { throw PostgresClusterError("mkstemp: \(String(cString: strerror(errno)))") }
        let outputPath = outputPattern.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { close(outputDescriptor); unlink(outputPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outputDescriptor, 1)
        posix_spawn_file_actions_adddup2(&actions, outputDescriptor, 2)

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard spawned == 0 else { throw PostgresClusterError("\(arguments[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw PostgresClusterError("waitpid: \(String(cString: strerror(errno)))") }
        }
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exitedCleanly = status & 0x7f == 0 && (status >> 8) & 0xff == 0
        guard exitedCleanly else {
            throw PostgresClusterError("\(arguments.joined(separator: " ")) ended with wait status \(status): \(text)")
        }
        return text
    }
}

/// Why a throwaway cluster could not be set up.
public struct PostgresClusterError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
