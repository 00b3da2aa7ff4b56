/// How far `vigil backup` goes to prove a backup restorable before it counts.
public enum BackupVerifyMode: String, Sendable, Equatable, CaseIterable {
    /// Checksums re-read from disk, `pg_restore --list` of the dump, `tar --list` of each archive.
    case files
    /// All of `files`, then the dump restored into a scratch database (created and dropped by
    /// Vigil): row counts compared with the source's and the event store checked for consistency.
    case restore
}
