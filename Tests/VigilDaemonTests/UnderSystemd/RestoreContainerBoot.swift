import Foundation
import VigilTestSupport

/// The boot in which `Tests/Fixtures/nspawn-restore/run-restore-test` runs `vigil restore` three
/// times around alexandria-api.service, against a throwaway cluster of the host whose socket
/// folder is bound into the container. Each restore leaves `restore-NAME.json` (the report),
/// `.err` (its messages), `.exit`, and `.before`/`.after` (nanoseconds); the unit's starts and
/// stops are lines of `api-events-restores.txt` (`EVENT NANOSECONDS accounts=ROWS`). Then a bad
/// release is rolled back by `vigil run` as a unit of its own (`rollback-scenario`: `rollback-*`).
enum RestoreContainerBoot {
    // The script gives systemd-nspawn 240 s (plus 10 s to die); 270 s is never the bound that fires.
    private static let boot = SharedContainerRun {
        let cluster = try PostgresCluster()
        defer { cluster.shutdown() }
        try cluster.psql(SampleEventStore.sql(aggregates: 300))
        return try ContainerRun.run(script: "Tests/Fixtures/nspawn-restore/run-restore-test",
                                    arguments: [RepositoryPaths.vigilExecutable.path, cluster.directory, String(cluster.port)],
                                    timeout: .seconds(270))
    }

    static func shared() async throws -> ContainerRun {
        try await boot.get()
    }
}

extension ContainerRun {
    /// One line of `api-events.txt`: the unit started or stopped, when, and the rows it saw.
    struct APIEvent: Equatable {
        var event: String
        var nanoseconds: UInt64
        var accounts: String
    }

    func apiEvents() throws -> [APIEvent] {
        try file("api-events-restores.txt").split(separator: "\n").map { line in
            let parts = line.split(separator: " ", maxSplits: 2)
            guard parts.count == 3, let time = UInt64(parts[1]), parts[2].hasPrefix("accounts=") else {
                throw Failure(description: "not an event line: \(line)")
            }
            return APIEvent(event: String(parts[0]), nanoseconds: time, accounts: String(parts[2].dropFirst("accounts=".count)))
        }
    }

    /// The events recorded while the restore `name` ran.
    func apiEvents(during name: String) throws -> [APIEvent] {
        let time = { (suffix: String) throws -> UInt64 in
            guard let value = UInt64(try self.file("restore-\(name).\(suffix)").trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw Failure(description: "restore-\(name).\(suffix) holds no time")
            }
            return value
        }
        let (before, after) = (try time("before"), try time("after"))
        return try apiEvents().filter { $0.nanoseconds > before && $0.nanoseconds < after }
    }

    /// The restore's JSON report.
    func restoreReport(_ name: String) throws -> [String: Any] {
        let text = try file("restore-\(name).json")
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw Failure(description: "restore-\(name).json is not a JSON object: \(text)")
        }
        return object
    }
}
