import FoundationEssentials
import Glibc
import VigilCore
import VigilFiles

/// `<destination>/.vigil-backup.last-failure`: the last backup attempt that failed (when, which,
/// at which step, why), so a `backup_age` check can say so until a later backup succeeds, which
/// removes it.
public struct BackupFailureRecord: Sendable, Equatable, Codable {
    public static let fileName = ".vigil-backup.last-failure"

    public var failedAt: Date
    public var backup: String
    public var step: String
    public var reason: String

    public init(failedAt: Date, backup: String, step: String, reason: String) {
        self.failedAt = BackupManifest.wholeSeconds(failedAt)
        self.backup = backup
        self.step = step
        self.reason = reason
    }

    /// The record in `destination`, if a failure is recorded (an unreadable one counts as none).
    public static func read(destination: String) -> BackupFailureRecord? {
        guard let data = FileManager.default.contents(atPath: destination + "/" + fileName) else { return nil }
        return try? BackupVerifier.manifestDecoder.decode(BackupFailureRecord.self, from: data)
    }

    /// Best effort: a destination that cannot be written cannot hold the record either. Written
    /// whole and synced, so a crash right after a failure never leaves an empty record.
    func write(destination: String) {
        guard let data = try? BackupVerifier.manifestEncoder.encode(self) else { return }
        try? AtomicFile.replace(destination + "/" + Self.fileName, with: data, mode: 0o600, directoryMode: nil)
    }

    /// Best effort too, but durable: without the folder's fsync a crash could bring the record back.
    static func clear(destination: String) {
        guard unlink(destination + "/" + fileName) == 0 else { return }
        try? AtomicFile.syncDirectory(destination)
    }
}
