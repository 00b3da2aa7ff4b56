import FoundationEssentials
import Glibc
import VigilCore
import VigilPostgres

/// Runs pg_dump or pg_restore against a configured database. The password reaches the child
/// through a passfile of its own (mode 0600 in a private folder, removed after): never its
/// command line, where `ps` shows it.
enum DatabaseClient {
    /// `argv` gets the conninfo without its password, for `--dbname`.
    static func run(_ database: DatabaseSettings, step: String, deadline: ContinuousClock.Instant,
                    argv: (String) -> [String]) throws(BackupError) {
        let child: ChildConninfo
        do throws(PostgresError) {
            child = try ChildConninfo.split(database.conninfo)
        } catch {
            throw BackupError(step: step, error.description)
        }
        var environment: [String: String] = [:]
        var passfileFolder: String?
        if let line = child.passfileLine {
            var template = Array("/tmp/vigil-backup.XXXXXX".utf8CString)
            guard let made = mkdtemp(&template) else {
                throw BackupError(step: step, "cannot create a private folder: \(String(cString: strerror(errno)))")
            }
            let folder = String(cString: made)
            passfileFolder = folder
            guard FileManager.default.createFile(atPath: folder + "/pgpass", contents: Data(line.utf8), attributes: [.posixPermissions: 0o600])
            else { throw BackupError(step: step, "cannot write a passfile in \(folder)") }
            environment["PGPASSFILE"] = folder + "/pgpass"
        }
        defer { if let passfileFolder { try? FileManager.default.removeItem(atPath: passfileFolder) } }
        try BackupTool.run(argv(child.conninfo), environment: environment, step: step, deadline: deadline)
    }
}
