import VigilTestSupport

/// The boot in which `Tests/Fixtures/nspawn/run-unit-test` installs Vigil and drives `vigil.service`
/// through start, reloads, a watchdog kill, a remediation that restarts a failed unit and a stop.
/// Its steps record `systemctl show` as `STEP.txt` and the unit's journal as `journal.json`.
enum ContainerBoot {
    // The script gives systemd-nspawn 150 s (plus 10 s to die); 180 s is never the bound that fires.
    private static let boot = SharedContainerRun {
        try ContainerRun.run(script: "Tests/Fixtures/nspawn/run-unit-test", arguments: [RepositoryPaths.vigilExecutable.path],
                             timeout: .seconds(180))
    }

    static func shared() async throws -> ContainerRun {
        try await boot.get()
    }
}
