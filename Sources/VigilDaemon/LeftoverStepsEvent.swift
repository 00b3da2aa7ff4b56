import VigilCore

extension JournalEvent {
    /// Steps a killed daemon left running were killed at this start, before any new attempt.
    public static func leftoverStepsKilled(_ groups: [Int32], recordedIn path: String) -> JournalEvent {
        let list = groups.map(String.init).joined(separator: " ")
        return JournalEvent(kind: nil, priority: .warning,
                            message: "killed remediation steps left running by an earlier daemon: process groups \(list) (from \(path))",
                            fields: [Field("PROCESS_GROUPS", list), Field("STEP_GROUPS_FILE", path)])
    }
}
