import Foundation
import Glibc
import Testing
@testable import VigilBackup

/// The record of the last failed backup in a real destination folder: what `write` leaves is what
/// `read` gives back, replaced whole, private, and never written where there is no destination.
@Suite("BackupFailureRecord")
struct BackupFailureRecordTests {
    final class Destination: @unchecked Sendable {
        let path: String
        init() throws {
            var template = Array("/tmp/vigil-failure-record-test.XXXXXX".utf8CString)
            guard let made = mkdtemp(&template) else { throw BackupError(step: "test", "mkdtemp failed") }
            path = String(cString: made)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    @Test("a record written is read back, replaced whole by the next one, readable by its owner alone")
    func roundTrip() throws {
        let destination = try Destination()
        let first = BackupFailureRecord(failedAt: Date(timeIntervalSince1970: 1_800_000_000.75), backup: "20270115T030000Z-nightly",
                                        step: "archive /srv/files", reason: "tar exited with status 2: Cannot open: Permission denied")
        first.write(destination: destination.path)
        #expect(BackupFailureRecord.read(destination: destination.path) == first)
        #expect(BackupFailureRecord.read(destination: destination.path)?.failedAt == Date(timeIntervalSince1970: 1_800_000_000))

        let second = BackupFailureRecord(failedAt: Date(timeIntervalSince1970: 1_800_086_400), backup: "20270116T030000Z",
                                         step: "pg_dump", reason: "x")
        second.write(destination: destination.path)
        #expect(BackupFailureRecord.read(destination: destination.path) == second)
        #expect(try FileManager.default.contentsOfDirectory(atPath: destination.path) == [BackupFailureRecord.fileName])
        var info = stat()
        #expect(stat(destination.path + "/" + BackupFailureRecord.fileName, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)

        BackupFailureRecord.clear(destination: destination.path)
        #expect(BackupFailureRecord.read(destination: destination.path) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: destination.path) == [])
    }

    @Test("a missing destination gets no record and is not created")
    func missingDestination() throws {
        let destination = try Destination()
        let missing = destination.path + "/nowhere"
        BackupFailureRecord(failedAt: Date(timeIntervalSince1970: 1_800_000_000), backup: "20270115T030000Z", step: "prepare",
                            reason: "destination \(missing) does not exist or is not a folder").write(destination: missing)
        #expect(access(missing, F_OK) != 0)
        #expect(BackupFailureRecord.read(destination: missing) == nil)
    }
}
