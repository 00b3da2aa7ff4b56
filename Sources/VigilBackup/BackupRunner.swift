import FoundationEssentials
import Glibc
import VigilCore
import VigilFiles
import VigilPostgres
import VigilProcess

/// `vigil backup`: dumps the database (`pg_dump --format=custom`), archives each storage path
/// (tar.gz), copies the config files, checksums everything, verifies it, and only then writes the
/// manifest and renames the folder from `.NAME.partial` to `NAME`. A backup killed midway leaves a
/// hidden partial folder that no listing takes for a backup, and retention runs only after a
/// verified backup, so an older good one is never removed for a bad one.
///
/// The dump is taken in an exported snapshot in which every table's rows were counted, so the
/// manifest records exactly what the dump holds; with `verify = "restore"` the dump is restored
/// into a scratch database and checked against those counts and the database's event stores.
///
/// One backup runs at a time per destination (`.vigil-backup.lock`); the next one clears what an
/// interrupted run left.
public struct BackupRunner: Sendable {
    public let settings: BackupSettings
    public let database: DatabaseSettings
    /// The platform's running version, recorded in the manifest.
    public var release: String?
    /// The event stores of the backed-up database, checked in the restored dump by `verify = "restore"`.
    public let eventStores: [EventStoreCheckSettings]

    public init(settings: BackupSettings, database: DatabaseSettings, eventStores: [EventStoreCheckSettings] = []) {
        self.settings = settings
        self.database = database
        self.eventStores = eventStores
    }

    /// The configured `event_store` checks (enabled or not) that read `database`'s tables.
    public static func eventStores(of database: String, in checks: [CheckDefinition]) -> [EventStoreCheckSettings] {
        checks.compactMap { check in
            guard case .eventStore(let settings) = check.kind, settings.database == database else { return nil }
            return settings
        }
    }

    public struct Outcome: Sendable {
        /// The finished backup's folder.
        public var path: String
        public var manifest: BackupManifest
        /// Backups retention removed, oldest first.
        public var removed: [String]
    }

    /// `sparing` are never removed by this run's retention (the backup a restore is about to use).
    /// A failure is recorded in the destination (`BackupFailureRecord`) until a backup succeeds.
    ///
    /// A `cancellation` (a signal, a stopping daemon) ends the running child's group and fails the
    /// backup at its step with the cancellation's reason; the partial folder is removed as for any failure.
    public func run(label: String? = nil, at now: Date = Date(), sparing: Set<String> = [],
                    cancellation: ChildCancellation? = nil) throws(BackupError) -> Outcome {
        var abandonedBytes: Int64?
        let attempted = ChildCancellation.$current.withValue(cancellation ?? ChildCancellation.current) { () -> Result<Outcome, BackupError> in
            do throws(BackupError) {
                return .success(try attempt(label: label, at: now, sparing: sparing, abandonedBytes: &abandonedBytes))
            } catch {
                return .failure(error)
            }
        }
        switch attempted {
        case .success(let outcome):
            BackupFailureRecord.clear(destination: settings.destination)
            return outcome
        case .failure(var error):
            error.bytesWritten = abandonedBytes
            BackupFailureRecord(failedAt: Date(), backup: BackupName(createdAt: now, label: label).description, step: error.step,
                                reason: error.reason).write(destination: settings.destination)
            throw error
        }
    }

    private func attempt(label: String?, at now: Date, sparing: Set<String>, abandonedBytes: inout Int64?) throws(BackupError) -> Outcome {
        let deadline = ContinuousClock.now + settings.timeout
        let destination = settings.destination
        try Self.checkDestination(destination)
        let lock = try DestinationLock(destination: destination)
        defer { lock.release() }
        Self.removeInterruptedRuns(in: destination)

        let name = BackupName(createdAt: now, label: label)
        let final = destination + "/" + name.description
        guard access(final, F_OK) != 0 else { throw BackupError(step: "prepare", "\(final) already exists") }
        let partial = destination + "/" + name.partialName
        guard mkdir(partial, 0o700) == 0 else { throw BackupError(step: "prepare", "cannot create \(partial): \(Self.errorText())") }
        var finished = false
        defer {
            if !finished {
                abandonedBytes = Self.bytes(in: partial)
                try? FileManager.default.removeItem(atPath: partial)
            }
        }

        let source = try databaseFacts(deadline: deadline)
        let (dumped, tables) = try dump(into: partial, deadline: deadline)
        var artefacts = [dumped]
        for (index, path) in settings.storage.enumerated() {
            artefacts.append(try archive(path, number: index + 1, into: partial, deadline: deadline))
        }
        if !settings.config.isEmpty {
            try Self.makeFolder(partial + "/config")
            for (index, path) in settings.config.enumerated() {
                artefacts.append(try copy(path, number: index + 1, into: partial))
            }
        }
        var steps = try BackupVerifier.verifyArtefacts(artefacts, in: partial, pgRestore: settings.pgRestore, deadline: deadline)
        if settings.verify == .restore {
            steps += try ScratchRestore(database: database, pgRestore: settings.pgRestore, eventStores: eventStores, deadline: deadline)
                .verify(dump: partial + "/" + dumped.path, expected: tables)
        }
        let tools = ["pg_dump": BackupTool.version(settings.pgDump, deadline: deadline), "tar": BackupTool.version("tar", deadline: deadline)]
        let manifest = BackupManifest(name: name, finishedAt: Date(), tools: tools, database: source, artefacts: artefacts,
                                      verification: BackupManifest.Verification(verified: true, steps: steps, checkedAt: Date()),
                                      tables: tables, release: release)
        // Past this point the backup is kept: a cancellation that came after its last child stops it here.
        if let reason = ChildCancellation.current?.reason { throw BackupError(step: "finish", reason) }
        try Self.writeManifest(manifest, into: partial)
        guard rename(partial, final) == 0 else { throw BackupError(step: "finish", "cannot rename \(partial) to \(final): \(Self.errorText())") }
        finished = true
        try? AtomicFile.syncDirectory(destination)
        let removed = try applyRetention(at: now, sparing: sparing)
        return Outcome(path: final, manifest: manifest, removed: removed)
    }

    // MARK: - Steps

    private func databaseFacts(deadline: ContinuousClock.Instant) throws(BackupError) -> BackupManifest.Database {
        do throws(PostgresError) {
            let connection = try PostgresConnection.connect(conninfo: database.conninfo, deadline: deadline)
            let row = try connection.query("SELECT current_setting('server_version'), pg_database_size(current_database())",
                                           deadline: deadline).rows.first
            return BackupManifest.Database(name: database.name, serverVersion: (row?[0] ?? nil) ?? "unknown",
                                           sizeBytes: (row?[1] ?? nil).flatMap { Int64($0) } ?? 0)
        } catch {
            throw BackupError(step: "database \(database.name)", error.description)
        }
    }

    /// The dump and the row counts of the snapshot it was taken in.
    private func dump(into folder: String,
                      deadline: ContinuousClock.Instant) throws(BackupError) -> (BackupManifest.Artefact, [BackupManifest.TableRows]) {
        let file = "database.dump"
        let snapshot = try SourceSnapshot.take(database, deadline: deadline)
        defer { snapshot.release(deadline: deadline) }
        try DatabaseClient.run(database, step: "pg_dump", deadline: deadline) { conninfo in
            [settings.pgDump, "--format=custom", "--no-password", "--snapshot=\(snapshot.id)", "--file=\(folder)/\(file)",
             "--dbname=\(conninfo)"]
        }
        return (try Self.artefact(file, in: folder, kind: .databaseDump, source: database.name), snapshot.tables)
    }

    private func archive(_ path: String, number: Int, into folder: String,
                         deadline: ContinuousClock.Instant) throws(BackupError) -> BackupManifest.Artefact {
        let url = URL(fileURLWithPath: path)
        guard FileManager.default.fileExists(atPath: path) else { throw BackupError(step: "archive \(path)", "\(path) does not exist") }
        let file = "storage-\(number)-\(url.lastPathComponent).tar.gz"
        try BackupTool.run(["tar", "--create", "--gzip", "--file=\(folder)/\(file)", "--directory=\(url.deletingLastPathComponent().path)",
                            "--", url.lastPathComponent], step: "archive \(path)", deadline: deadline)
        return try Self.artefact(file, in: folder, kind: .storageArchive, source: path)
    }

    private func copy(_ path: String, number: Int, into folder: String) throws(BackupError) -> BackupManifest.Artefact {
        let file = "config/\(number)-\(URL(fileURLWithPath: path).lastPathComponent)"
        do {
            try FileManager.default.copyItem(atPath: path, toPath: folder + "/" + file)
        } catch {
            throw BackupError(step: "copy \(path)", "cannot copy \(path): \(ErrorText.describe(error))")
        }
        return try Self.artefact(file, in: folder, kind: .configFile, source: path)
    }

    /// Removes what retention no longer keeps; a folder without a readable manifest is left alone.
    private func applyRetention(at now: Date, sparing: Set<String>) throws(BackupError) -> [String] {
        let backups = BackupCatalog.list(destination: settings.destination).compactMap { entry -> BackupRetention.Backup? in
            guard case .complete(let manifest) = entry.state else { return nil }
            return BackupRetention.Backup(name: entry.name, verified: manifest.verification.verified)
        }
        var removed: [String] = []
        for name in BackupRetention.expired(backups, keep: settings.keep, keepFor: settings.keepFor, at: now)
        where !sparing.contains(name.description) {
            let path = settings.destination + "/" + name.description
            do {
                try FileManager.default.removeItem(atPath: path)
                removed.append(path)
            } catch {
                throw BackupError(step: "retention", "cannot remove \(path): \(ErrorText.describe(error))")
            }
        }
        return removed
    }

    // MARK: - Files

    static func checkDestination(_ destination: String) throws(BackupError) {
        var isFolder = false
        guard FileManager.default.fileExists(atPath: destination, isDirectory: &isFolder), isFolder else {
            throw BackupError(step: "prepare", "destination \(destination) does not exist or is not a folder")
        }
        guard access(destination, W_OK | X_OK) == 0 else {
            throw BackupError(step: "prepare", "destination \(destination) is not writable: \(errorText())")
        }
    }

    /// Partial folders of runs that were killed: the lock is held, so none is being written.
    static func removeInterruptedRuns(in destination: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: destination)) ?? []
        where name.hasPrefix(".") && name.hasSuffix(".partial") {
            try? FileManager.default.removeItem(atPath: destination + "/" + name)
        }
    }

    static func artefact(_ file: String, in folder: String, kind: BackupManifest.Artefact.Kind,
                         source: String) throws(BackupError) -> BackupManifest.Artefact {
        let (hex, bytes) = try FileDigest.sha256(of: folder + "/" + file)
        return BackupManifest.Artefact(path: file, kind: kind, source: source, bytes: bytes, sha256: hex)
    }

    static func writeManifest(_ manifest: BackupManifest, into folder: String) throws(BackupError) {
        let data: Data
        do {
            data = try BackupVerifier.manifestEncoder.encode(manifest)
        } catch {
            throw BackupError(step: "manifest", "cannot encode: \(error)")
        }
        try writeManifestFile(data, to: folder + "/" + BackupManifest.fileName)
        let (hex, _) = try FileDigest.sha256(of: folder + "/" + BackupManifest.fileName)
        try writeManifestFile(Data((hex + "\n").utf8), to: folder + "/" + BackupVerifier.manifestChecksumFile)
        // Every artefact was closed by its writer; one sync of the folder makes the names durable.
        for entry in (try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? [] {
            try? AtomicFile.syncFile(folder + "/" + entry)
        }
        try? AtomicFile.syncDirectory(folder)
    }

    /// The folder is the partial backup, made before: it is never created here.
    private static func writeManifestFile(_ data: Data, to path: String) throws(BackupError) {
        do throws(FileWriteError) {
            try AtomicFile.replace(path, with: data, mode: 0o600, directoryMode: nil)
        } catch {
            throw BackupError(step: "manifest", "cannot write \(path): \(error)")
        }
    }

    static func makeFolder(_ path: String) throws(BackupError) {
        guard mkdir(path, 0o700) == 0 else { throw BackupError(step: "prepare", "cannot create \(path): \(errorText())") }
    }

    /// The bytes of every file under `folder`.
    static func bytes(in folder: String) -> Int64 {
        ((try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? []).reduce(0) { total, entry in
            var info = stat()
            guard lstat(folder + "/" + entry, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return total }
            return total + Int64(info.st_size)
        }
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}
