import VigilCore

/// Where persisted state lives, so a restart (or a crash, or a watchdog kill) forgets nothing.
public enum StateDirectory {
    /// `[daemon] state_dir`, else systemd's `$STATE_DIRECTORY` (its first folder when
    /// `StateDirectory=` names several), else `/var/lib/vigil`.
    public static func path(for settings: DaemonSettings, environment: [String: String]) -> String {
        ServiceDirectory.path(configured: settings.stateDirectory, variable: "STATE_DIRECTORY", fallback: "/var/lib/vigil",
                              environment: environment)
    }
}
