import FoundationEssentials

/// Which backups retention removes: everything but the newest `keep` verified backups and the
/// backups younger than `keepFor`. Run only after a new backup was verified, so an older good
/// backup is never removed to make room for one that turned out bad.
public enum BackupRetention {
    public struct Backup: Sendable, Equatable {
        public var name: BackupName
        public var verified: Bool

        public init(name: BackupName, verified: Bool) {
            self.name = name
            self.verified = verified
        }
    }

    /// The backups to remove, oldest first.
    public static func expired(_ backups: [Backup], keep: Int, keepFor: Duration, at now: Date) -> [BackupName] {
        let newestVerified = Set(backups.filter(\.verified).map(\.name).sorted(by: >).prefix(keep))
        let horizon = now.addingTimeInterval(-WallClock.seconds(keepFor))
        return backups.map(\.name)
            .filter { !newestVerified.contains($0) && $0.createdAt < horizon }
            .sorted()
    }
}
