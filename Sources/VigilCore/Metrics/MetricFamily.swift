/// One family of Vigil's Prometheus metrics: its name, type, help and label names. Every family
/// is listed in `all` (and in docs/metrics.md, which a test holds to this list). Labels are
/// bounded by design: names from the configuration and fixed words, never a URL, a message or an
/// error text, so a failing target cannot grow the series without end.
public struct MetricFamily: Sendable, Hashable {
    public enum Kind: String, Sendable { case counter, gauge, histogram }

    public let name: String
    public let kind: Kind
    public let help: String
    public let labels: [String]

    init(_ name: String, _ kind: Kind, _ help: String, labels: [String] = []) {
        self.name = name
        self.kind = kind
        self.help = help
        self.labels = labels
    }
}

extension MetricFamily {
    public static let checkStatus = MetricFamily(
        "vigil_check_status", .gauge, "A check's last result: 0 HEALTHY, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.", labels: ["check", "kind", "severity"])
    public static let checkConfirmedStatus = MetricFamily(
        "vigil_check_confirmed_status", .gauge, "A check's confirmed (hard) status, the one incidents and remediation follow: 0 HEALTHY, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.",
        labels: ["check", "kind", "severity"])
    public static let checkDuration = MetricFamily(
        "vigil_check_duration_seconds", .histogram, "How long a check's runs took.", labels: ["check", "kind"])
    public static let checkResults = MetricFamily(
        "vigil_check_results_total", .counter, "Results of a check, by status.", labels: ["check", "status"])
    public static let checkStateChanges = MetricFamily(
        "vigil_check_state_changes_total", .counter, "Confirmed status changes of a check, by the status it changed to.", labels: ["check", "status"])
    public static let breakerState = MetricFamily(
        "vigil_breaker_state", .gauge, "The circuit breaker in front of a check's target: 0 closed, 1 half-open, 2 open.", labels: ["check"])
    public static let remediationAttempts = MetricFamily(
        "vigil_remediation_attempts_total", .counter, "Remediation attempts of a plan, by outcome: triggered, verified, failed (a step failed), verification-failed.",
        labels: ["plan", "outcome"])
    public static let remediationSkipped = MetricFamily(
        "vigil_remediation_skipped_total", .counter, "Remediations a plan did not start, by the reason (SKIP_REASON in the journal).",
        labels: ["plan", "reason"])
    public static let remediationBudgetLeft = MetricFamily(
        "vigil_remediation_budget_left", .gauge, "Attempts a plan may still make in its window (the lowest over its targets).", labels: ["plan"])
    public static let sampleDuration = MetricFamily(
        "vigil_sample_duration_seconds", .gauge, "An operation's last measured duration.", labels: ["operation"])
    public static let sampleBaseline = MetricFamily(
        "vigil_sample_baseline_seconds", .gauge, "The mean duration of an operation's window, its baseline.", labels: ["operation"])
    public static let sampleMemory = MetricFamily(
        "vigil_sample_memory_bytes", .gauge, "A sampled unit's or process's last memory reading.", labels: ["operation"])
    public static let sampleCPU = MetricFamily(
        "vigil_sample_cpu_ratio", .gauge, "A sampled unit's or process's CPU use over its last interval, in cores (1 = one core busy).",
        labels: ["operation"])
    public static let sampleFindings = MetricFamily(
        "vigil_sample_findings_total", .counter, "Findings on an operation, by kind (FINDING in the journal): degraded, memory-growth, memory-leak, cpu, failed.",
        labels: ["operation", "finding"])
    public static let schedulerLateness = MetricFamily(
        "vigil_scheduler_lateness_seconds", .histogram, "How late check timers fired after their due time.")
    public static let backupLastSuccess = MetricFamily(
        "vigil_backup_last_success_timestamp_seconds", .gauge, "When the last verified backup finished, in seconds since the epoch.")
    public static let backupLastDuration = MetricFamily(
        "vigil_backup_last_duration_seconds", .gauge, "How long the last verified backup took.")
    public static let backupLastSize = MetricFamily(
        "vigil_backup_last_size_bytes", .gauge, "The size of the last verified backup.")
    public static let backupFailures = MetricFamily(
        "vigil_backup_failures_total", .counter, "Backups that failed.")
    public static let eventStoreAnomalies = MetricFamily(
        "vigil_event_store_anomalies_total", .counter, "Event-store anomalies newly found, by kind.", labels: ["check", "anomaly"])
    public static let incidentsOpen = MetricFamily(
        "vigil_incidents_open", .gauge, "Incidents not resolved yet.")
    public static let reloadSuccessful = MetricFamily(
        "vigil_config_last_reload_successful", .gauge, "Whether the last configuration reload was applied (1) or rejected (0).")
    public static let reloadSuccessTimestamp = MetricFamily(
        "vigil_config_last_reload_success_timestamp_seconds", .gauge, "When the configuration was last loaded or reloaded, in seconds since the epoch.")
    public static let buildInfo = MetricFamily(
        "vigil_build_info", .gauge, "Always 1; the version of the running Vigil is its label.", labels: ["version"])
    public static let processResidentMemory = MetricFamily(
        "process_resident_memory_bytes", .gauge, "Resident memory size in bytes.")
    public static let processCPUSeconds = MetricFamily(
        "process_cpu_seconds_total", .counter, "Total user and system CPU time spent in seconds.")
    public static let processOpenFDs = MetricFamily(
        "process_open_fds", .gauge, "Number of open file descriptors.")
    public static let processMaxFDs = MetricFamily(
        "process_max_fds", .gauge, "Maximum number of open file descriptors.")
    public static let processStartTime = MetricFamily(
        "process_start_time_seconds", .gauge, "Start time of the process since unix epoch in seconds.")

    public static let all: [MetricFamily] = [
        checkStatus, checkConfirmedStatus, checkDuration, checkResults, checkStateChanges, breakerState,
        remediationAttempts, remediationSkipped, remediationBudgetLeft,
        sampleDuration, sampleBaseline, sampleMemory, sampleCPU, sampleFindings, schedulerLateness,
        backupLastSuccess, backupLastDuration, backupLastSize, backupFailures, eventStoreAnomalies, incidentsOpen,
        reloadSuccessful, reloadSuccessTimestamp, buildInfo,
        processResidentMemory, processCPUSeconds, processOpenFDs, processMaxFDs, processStartTime,
    ]
}
