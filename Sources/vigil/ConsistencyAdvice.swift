import ArgumentParser
import FoundationEssentials
import VigilConfig
import VigilCore
import VigilPostgres
import VigilProbes

/// `vigil consistency --advise`: for each event_store check, the index that would make its full
/// scan cheaper and why, read from the catalog and the scan's plan. Prints the DDL, never runs
/// it, and never scans: exits 0, or 3 when a table could not be read.
enum ConsistencyAdvice {
    static func run(_ checks: [(name: String, settings: EventStoreCheckSettings, timeout: Duration)],
                    databases: [String: DatabaseSettings], json: Bool, timeout: Duration?) throws {
        var advice: [String: EventStoreAdvice] = [:]
        var failed = false
        for (name, settings, checkTimeout) in checks {
            let database = databases[settings.database] ?? DatabaseSettings(name: settings.database, conninfo: "")
            let deadline = ContinuousClock.now + (timeout ?? checkTimeout)
            do throws(PostgresError) {
                let connection = try PostgresConnection.connect(conninfo: database.conninfo, deadline: deadline)
                let found = try EventStoreAdvice.advise(EventStoreProbe.table(for: settings), on: connection, deadline: deadline)
                advice[name] = found
                if !json { print(text(name: name, settings: settings, advice: found)) }
            } catch {
                failed = true
                printToStandardError("\(name): could not advise: \(error.description)")
            }
        }
        if json {
            printJSON(advice)
        }
        if failed { throw ExitCode(Status.unknown.exitCode) }
    }

    /// The check, the reason, then the DDL to run (or that none is needed).
    static func text(name: String, settings: EventStoreCheckSettings, advice: EventStoreAdvice) -> String {
        var lines = ["\(name): \(settings.table) on database \(settings.database)", "  \(advice.reason)"]
        if let ddl = advice.ddl {
            lines.append("  To run (Vigil runs none of it):")
            lines += ddl.split(separator: "\n").map { "    \($0)" }
        } else {
            lines.append("  No index to create.")
        }
        return lines.joined(separator: "\n")
    }
}
