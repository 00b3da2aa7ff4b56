import VigilCore

/// Where the daemon keeps what only matters while the machine is up (status.json, the step
/// groups it runs): a tmpfs under /run, cleared at every boot.
public enum RuntimeDirectory {
    /// `[daemon] runtime_dir`, else systemd's `$RUNTIME_DIRECTORY` (its first folder when
    /// `RuntimeDirectory=` names several), else `/run/vigil`.
    public static func path(for settings: DaemonSettings, environment: [String: String]) -> String {
        ServiceDirectory.path(configured: settings.runtimeDirectory, variable: "RUNTIME_DIRECTORY", fallback: "/run/vigil",
                              environment: environment)
    }
}
