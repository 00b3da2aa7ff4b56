import Foundation
import Testing
import VigilCore

/// Backup folder names: UTC time then label, read back exactly, and nothing else taken for one.
@Suite struct BackupNameTests {
    @Test func aNameIsItsUTCTimeAndLabelAndReadsBack() {
        let name = BackupName(createdAt: Date(timeIntervalSince1970: 2_000_000_000.7), label: "pre-migration")
        #expect(name.description == "20330518T033320Z-pre-migration")
        #expect(name.partialName == ".20330518T033320Z-pre-migration.partial")
        #expect(BackupName(folder: name.description) == name)
        #expect(BackupName(folder: "20330518T033320Z") == BackupName(createdAt: Date(timeIntervalSince1970: 2_000_000_000)))
    }

    @Test(arguments: [".20330518T033320Z.partial", "20330231T000000Z", "20330518T033320", "20330518T033320Z-", "20330518T033320Z_x",
                      "20330518T033320Z-a/b", "lost+found", ".vigil-backup.lock"])
    func otherFoldersAreNoBackups(_ folder: String) {
        #expect(BackupName(folder: folder) == nil)
    }

    @Test func retentionKeepsTheNewestVerifiedAndEverythingYoung() {
        let now = Date(timeIntervalSince1970: 2_000_000_000)
        func backup(_ days: Double, verified: Bool = true) -> BackupRetention.Backup {
            BackupRetention.Backup(name: BackupName(createdAt: now.addingTimeInterval(-days * 86400)), verified: verified)
        }
        let backups = [backup(1), backup(2, verified: false), backup(10), backup(20), backup(30, verified: false), backup(40)]
        let expired = BackupRetention.expired(backups, keep: 2, keepFor: .seconds(5 * 86400), at: now)
        // Kept: the two newest verified (1 and 10 days) and the young unverified one (2 days).
        #expect(expired == [backups[5].name, backups[4].name, backups[3].name])
        #expect(BackupRetention.expired(backups, keep: 10, keepFor: .seconds(0), at: now) == [backups[4].name, backups[1].name])
    }
}
