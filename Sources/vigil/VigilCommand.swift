import ArgumentParser

/// `vigil`: the Alexandria platform's monitoring and risk-mitigation daemon and its tools.
struct VigilCommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Watches the Alexandria platform and reports to journald and systemd.",
        discussion: """
            Vigil runs health checks (PostgreSQL, HTTP endpoints, Nagios plugins, disk, memory, \
            systemd units) on timers, writes every status change to the journal with a fixed \
            MESSAGE_ID, and keeps systemd informed through sd_notify.

            Exit codes of `vigil check`: 0 HEALTHY, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (the Nagios \
            plugin convention). 64 is a usage error, 65 an invalid configuration.
            """,
        version: version,
        subcommands: [RunCommand.self, ValidateCommand.self, CheckCommand.self, StatusCommand.self, ResumeCommand.self,
                      IncidentsCommand.self, IncidentCommand.self, AckCommand.self, SilenceCommand.self, ReportCommand.self, SimulateCommand.self, ConsistencyCommand.self,
                      BackupCommand.self, BackupsCommand.self, ReleasesCommand.self, RollbackCommand.self, SamplesCommand.self,
                      RestoreCommand.self, SecurityCommand.self, ContractCommand.self, LoadTestCommand.self])
}
