extension JournalEvent {
    /// A verified backup: where, how big, how long, what verification found, what retention removed.
    public static func backupFinished(_ manifest: BackupManifest, path: String, durationMs: Double, removed: [String]) -> JournalEvent {
        var fields = [
            Field("BACKUP", manifest.name), Field("BACKUP_PATH", path), Field("BYTES", String(manifest.totalBytes)),
            Field("FILES", String(manifest.artefacts.count)), Field("DURATION_MS", NumberText.format(durationMs)),
            Field("VERIFIED", manifest.verification.verified ? "yes" : "no"),
            Field("VERIFICATION", manifest.verification.steps.joined(separator: "; ")),
        ]
        if !removed.isEmpty { fields.append(Field("REMOVED", removed.joined(separator: " "))) }
        return JournalEvent(kind: .backupFinished, priority: .info,
                            message: "backup \(manifest.name) verified: \(manifest.artefacts.count) files, \(manifest.totalBytes) bytes",
                            fields: fields)
    }

    /// A backup that failed at `step`: nothing that looks like a backup was left, no older one removed.
    /// `bytes`: what it had written before it was removed, when it got that far.
    public static func backupFailed(name: String, step: String, reason: String, durationMs: Double, bytes: Int64? = nil) -> JournalEvent {
        var fields = [Field("BACKUP", name), Field("STEP", step), Field("REASON", reason), Field("DURATION_MS", NumberText.format(durationMs))]
        if let bytes { fields.append(Field("BYTES", String(bytes))) }
        return JournalEvent(kind: .backupFailed, priority: .error, message: "backup \(name) failed at \(step): \(reason)", fields: fields)
    }

    /// A restore that finished: from which backup, where the state before it was saved, and the
    /// units stopped for it and started again (`UNITS`).
    public static func restoreFinished(backup: String, safetyBackup: String?, steps: [String], durationMs: Double,
                                       units: [String] = [], bytes: Int64? = nil) -> JournalEvent {
        var fields = [Field("BACKUP", backup), Field("DURATION_MS", NumberText.format(durationMs)),
                      Field("STEPS", steps.joined(separator: "; "))]
        if let bytes { fields.append(Field("BYTES", String(bytes))) }
        if let safetyBackup { fields.append(Field("SAFETY_BACKUP", safetyBackup)) }
        if !units.isEmpty { fields.append(Field("UNITS", units.joined(separator: " "))) }
        return JournalEvent(kind: .restoreFinished, priority: .notice, message: "restored from backup \(backup)", fields: fields)
    }

    /// A restore that stopped at `step`; the state before it is in `safetyBackup`, when one was
    /// taken; `UNITS` are the units it stopped and left stopped.
    public static func restoreFailed(backup: String, step: String, reason: String, safetyBackup: String?,
                                     durationMs: Double, unitsLeftStopped: [String] = [], bytes: Int64? = nil) -> JournalEvent {
        var fields = [Field("BACKUP", backup), Field("STEP", step), Field("REASON", reason),
                      Field("DURATION_MS", NumberText.format(durationMs))]
        if let bytes { fields.append(Field("BYTES", String(bytes))) }
        if let safetyBackup { fields.append(Field("SAFETY_BACKUP", safetyBackup)) }
        if !unitsLeftStopped.isEmpty { fields.append(Field("UNITS", unitsLeftStopped.joined(separator: " "))) }
        return JournalEvent(kind: .restoreFailed, priority: .alert,
                            message: "restore from backup \(backup) failed at \(step): \(reason)"
                                + (unitsLeftStopped.isEmpty ? "" : "; \(unitsLeftStopped.joined(separator: ", ")) left stopped")
                                + (safetyBackup.map { "; the state before it is in \($0)" } ?? ""),
                            fields: fields)
    }
}
