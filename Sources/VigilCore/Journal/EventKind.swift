/// Every kind of event Vigil writes to the journal, each with a fixed MESSAGE_ID.
///
/// The IDs are documented in `systemd/vigil.catalog`, so `journalctl -x` explains them and
/// `journalctl MESSAGE_ID=…` finds them; never change one once shipped.
public enum EventKind: String, Sendable, CaseIterable, Hashable {
    case checkCritical = "check-critical"
    case checkWarning = "check-warning"
    case checkUnknown = "check-unknown"
    case checkRecovered = "check-recovered"
    case checkHealthy = "check-healthy"
    case checkOverrun = "check-overrun"
    case daemonStarted = "daemon-started"
    case daemonStopping = "daemon-stopping"
    case configReloaded = "config-reloaded"
    case configRejected = "config-rejected"
    case daemonError = "daemon-error"
    case checkSoftChange = "check-soft-change"
    case checkFlappingStarted = "check-flapping-started"
    case checkFlappingStopped = "check-flapping-stopped"
    case checkDependencySuppressed = "check-dependency-suppressed"
    case checkDependencyCleared = "check-dependency-cleared"
    case remediationTriggered = "remediation-triggered"
    case remediationSkipped = "remediation-skipped"
    case remediationStepStarted = "remediation-step-started"
    case remediationStepFinished = "remediation-step-finished"
    case remediationVerified = "remediation-verified"
    case remediationVerificationFailed = "remediation-verification-failed"
    case remediationAttemptFailed = "remediation-attempt-failed"
    case remediationBudgetSpent = "remediation-budget-spent"
    case remediationBudgetRefilled = "remediation-budget-refilled"
    case remediationResumed = "remediation-resumed"
    case circuitBreakerChanged = "circuit-breaker-changed"
    case stateSetAside = "state-set-aside"
    case stateWriteFailed = "state-write-failed"
    case stateWriteRecovered = "state-write-recovered"
    case eventStoreAnomaly = "event-store-anomaly"
    case eventStoreChecked = "event-store-checked"
    case backupFinished = "backup-finished"
    case backupFailed = "backup-failed"
    case restoreFinished = "restore-finished"
    case restoreFailed = "restore-failed"
    case incidentOpened = "incident-opened"
    case incidentReopened = "incident-reopened"
    case incidentCheckJoined = "incident-check-joined"
    case incidentEscalated = "incident-escalated"
    case incidentUpdate = "incident-update"
    case incidentAcknowledged = "incident-acknowledged"
    case incidentResolved = "incident-resolved"
    case notificationFailed = "notification-failed"
    case notificationGaveUp = "notification-gave-up"
    case notifierRecovered = "notifier-recovered"

    public var messageID: String {
        switch self {
        case .checkCritical: "90ec9d9535574aae96f1e1d77a3213f8"
        case .checkWarning: "17d655708ab74dbaa406c0e8d7face9d"
        case .checkUnknown: "1cee6afa7e494f9280fe67294abbd98d"
        case .checkRecovered: "6a25b32d9dd643098db3ab47a5caaa01"
        case .checkHealthy: "f6651a0ddd144c6fba27f323ba158453"
        case .checkOverrun: "ebfc016e9c7d4e25a57fc63613fe6f98"
        case .daemonStarted: "655ff8c445664e6cb9f37acdd18dd551"
        case .daemonStopping: "389d121954a24e20b6459f68e189850f"
        case .configReloaded: "62b4e2e1153f441c8cce9b01457a39fb"
        case .configRejected: "7928535dbda246f48ff9d38957ae7e76"
        case .daemonError: "6ee4688e977c45fe962def7b420d6121"
        case .checkSoftChange: "8b8400947a734c08a95ae36058717a37"
        case .checkFlappingStarted: "31595f65424e40cbbbf85ead5da6c378"
        case .checkFlappingStopped: "ddda64e160724b16a2e585e9da5a0fa5"
        case .checkDependencySuppressed: "388503c621064ad2958a19efd55b7e80"
        case .checkDependencyCleared: "723702220b2a4e1bba3f4df58be56acc"
        case .remediationTriggered: "52cc7614134747a9b75fc91451227fdb"
        case .remediationSkipped: "8235d148e9fc4e88a9945e7199e3449f"
        case .remediationStepStarted: "35750e6e395040a2a861042765a17562"
        case .remediationStepFinished: "f6679402ecb94e68944401a06dd6c96d"
        case .remediationVerified: "36fbac4acbb24aca89d76d3bced47e93"
        case .remediationVerificationFailed: "a6623d06147b48dda390ecc7bc43b93c"
        case .remediationAttemptFailed: "05f2eee9610c4b93a52609eae4544ea0"
        case .remediationBudgetSpent: "2b730d59c1064664afc6f7d22420d502"
        case .remediationBudgetRefilled: "3bd53870739e4d3e8e531482daf9b14f"
        case .remediationResumed: "361a4c13e10e4f0a8db0d4049a295a51"
        case .circuitBreakerChanged: "9085eeca9b354513848fa66103618527"
        case .stateSetAside: "f6769e13b30843fd828fc0cc79f2367f"
        case .stateWriteFailed: "5985f29c313849fda58eccb31a73d5b4"
        case .stateWriteRecovered: "abb70ecfb0474befa01d051c84933d28"
        case .eventStoreAnomaly: "5b661840c08948f8acd866368c3b7b74"
        case .eventStoreChecked: "00c768e9896743bcb098679eaff9943b"
        case .backupFinished: "b7d8bd4ffe544d538531983538325d57"
        case .backupFailed: "24e44dd33495418190c3195c18b3340c"
        case .restoreFinished: "454152a9a7d84cbcb4bcd12d8fc0bf2c"
        case .restoreFailed: "76489aed07ed4285a791f80bc3e4ee1c"
        case .incidentOpened: "3cc6c702014146739c532ce50772c153"
        case .incidentReopened: "a207b78b752d4fdeba0f4bbed7ab910d"
        case .incidentCheckJoined: "1cdc84425d1d48e4b83cb939fdab1b9c"
        case .incidentEscalated: "ab8feafbec014525868c1d31d5a06b9c"
        case .incidentUpdate: "15ba21d163c144e7a21db16c5927e166"
        case .incidentAcknowledged: "7e8eaddb81b94afbb364ab8f69a6d32c"
        case .incidentResolved: "cab547dbb4aa4e1d9ed8744746efab27"
        case .notificationFailed: "8c0dd336b7fe458882283cccf725d1e5"
        case .notificationGaveUp: "8b33743476b84450ac0e35e9af277298"
        case .notifierRecovered: "3f456f58b4bc418ea3ff7db480e0482d"
        }
    }
}

/// syslog priorities, as journald's `PRIORITY` field carries them.
public enum JournalPriority: Int, Sendable, Comparable, CaseIterable {
    case emergency = 0, alert, critical, error, warning, notice, info, debug

    public static func < (lhs: JournalPriority, rhs: JournalPriority) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The names `--log-level` and journalctl's `-p` use.
    public var name: String {
        switch self {
        case .emergency: "emerg"
        case .alert: "alert"
        case .critical: "crit"
        case .error: "err"
        case .warning: "warning"
        case .notice: "notice"
        case .info: "info"
        case .debug: "debug"
        }
    }
}
