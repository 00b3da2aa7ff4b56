import Foundation
import Glibc
import VigilCore
import VigilPostgres

/// `vigil restore`, the seed's DataRecoveryService made strict: the backup is verified first (a
/// bad one is refused), a safety backup of the current state is taken, then the database is
/// restored in one transaction (`pg_restore --clean --if-exists --single-transaction`) and each
/// storage path is replaced whole (extracted beside it, then swapped in), and the result is
/// checked. The first step that fails ends the run, named, with the safety backup's path.
public struct RestoreRunner: Sendable {
    public let settings: BackupSettings
    public let database: DatabaseSettings

    public init(settings: BackupSettings, database: DatabaseSettings) {
        self.settings = settings
        self.database = database
    }

    /// What was done, in the seed's RecoveryResult words.
    public struct Report: Sendable, Equatable, Codable {
        public var success: Bool
        public var recoveredAt: Date?
        public var backup: String
        public var safetyBackup: String?
        public var steps: [String]
    }

    /// A failed restore: the step, why, and where the state before it was saved.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var error: BackupError
        public var report: Report
        public var description: String {
            "restore failed at \(error.description)"
                + (report.safetyBackup.map { "; the state before the restore is in \($0)" } ?? "; no safety backup was taken")
        }
    }

    /// `dryRun` verifies the backup and says what would be done, changing nothing.
    public func run(backup folder: String, safetyBackup: Bool = true, dryRun: Bool = false,
                    progress: (String) -> Void = { _ in }) throws(Failure) -> Report {
        let deadline = ContinuousClock.now + settings.timeout
        var report = Report(success: false, recoveredAt: nil, backup: folder, safetyBackup: nil, steps: [])
        func step(_ text: String) {
            report.steps.append(text)
            progress(text)
        }
        func fail(_ error: BackupError) -> Failure { Failure(error: error, report: report) }

        let manifest: BackupManifest
        do throws(BackupError) {
            (manifest, _) = try BackupVerifier.verify(folder: folder, pgRestore: settings.pgRestore, timeout: settings.timeout)
        } catch {
            throw fail(BackupError(step: "verify", "refusing \(folder): \(error.reason)"))
        }
        step("verified \(manifest.name): \(manifest.artefacts.count) files, \(manifest.totalBytes) bytes")
        let archives = manifest.artefacts.filter { $0.kind == .storageArchive }
        if dryRun {
            step("would take a safety backup into \(settings.destination)")
            step("would restore database \(database.name) from \(manifest.name)/database.dump (--clean --if-exists, one transaction)")
            for archive in archives { step("would replace \(archive.source) with \(manifest.name)/\(archive.path)") }
            report.success = true
            return report
        }

        if safetyBackup {
            do throws(BackupError) {
                // The state being replaced is saved as it is: a store broken enough to restore over
                // must not have its safety backup refused by `verify = "restore"`.
                var safetySettings = settings
                safetySettings.verify = .files
                let safety = try BackupRunner(settings: safetySettings, database: database)
                    .run(label: "before-restore", sparing: [URL(fileURLWithPath: folder).lastPathComponent])
                report.safetyBackup = safety.path
                step("safety backup \(safety.path)")
            } catch {
                throw fail(BackupError(step: "safety backup", error.description))
            }
        }

        do throws(BackupError) {
            guard let dump = manifest.artefacts.first(where: { $0.kind == .databaseDump }) else {
                throw BackupError(step: "restore database", "the backup has no database dump")
            }
            try DatabaseClient.run(database, step: "restore database \(database.name)", deadline: deadline) { conninfo in
                [settings.pgRestore, "--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-password",
                 "--dbname=\(conninfo)", folder + "/" + dump.path]
            }
            step("restored database \(database.name)")
            for archive in archives {
                try Self.replace(archive.source, with: folder + "/" + archive.path, deadline: deadline)
                step("restored \(archive.source)")
            }
            try validate(archives: archives, deadline: deadline)
            step("validated: database \(database.name) answers, \(archives.count) storage paths in place")
        } catch {
            throw fail(error)
        }
        report.success = true
        report.recoveredAt = BackupManifest.wholeSeconds(Date())
        return report
    }

    /// Extracts the archive into a fresh folder beside `path`, then swaps it in: the old tree is
    /// moved aside and removed only once the new one is in place.
    static func replace(_ path: String, with archive: String, deadline: ContinuousClock.Instant) throws(BackupError) {
        let step = "restore \(path)"
        let target = URL(fileURLWithPath: path)
        let parent = target.deletingLastPathComponent().path
        var template = Array("\(parent)/.vigil-restore.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw BackupError(step: step, "cannot create a folder in \(parent): \(String(cString: strerror(errno)))") }
        let staging = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        try BackupTool.run(["tar", "--extract", "--gzip", "--file=\(archive)", "--directory=\(staging)"], step: step, deadline: deadline)
        let extracted = staging + "/" + target.lastPathComponent
        guard access(extracted, F_OK) == 0 else { throw BackupError(step: step, "the archive holds no \(target.lastPathComponent)") }
        let aside = staging + "/previous"
        if access(path, F_OK) == 0, rename(path, aside) != 0 {
            throw BackupError(step: step, "cannot move \(path) aside: \(String(cString: strerror(errno)))")
        }
        guard rename(extracted, path) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = rename(aside, path)
            throw BackupError(step: step, "cannot put the restored \(path) in place: \(reason)")
        }
    }

    private func validate(archives: [BackupManifest.Artefact], deadline: ContinuousClock.Instant) throws(BackupError) {
        do throws(PostgresError) {
            let connection = try PostgresConnection.connect(conninfo: database.conninfo, deadline: deadline)
            _ = try connection.query("SELECT 1", deadline: deadline)
        } catch {
            throw BackupError(step: "validate", "database \(database.name): \(error.description)")
        }
        for archive in archives where access(archive.source, F_OK) != 0 {
            throw BackupError(step: "validate", "\(archive.source) is missing after the restore")
        }
    }
}
