import Foundation
import Testing
import VigilTestSupport
@testable import VigilBackup

/// The checksums a manifest records are the ones `sha256sum` prints, for an empty file, a small one
/// and one of several 1 MiB pieces with a short tail; an unreadable file is an error that names it.
@Suite struct FileDigestTests {
    @Test(arguments: [0, 3, 1 << 20, 3 * (1 << 20) + 12_345])
    func digestAsSha256sum(size: Int) throws {
        let path = NSTemporaryDirectory() + "vigil-digest-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let digest = try FileDigest.sha256(of: path)
        let printed = try ExternalTool.run("/usr/bin/sha256sum", [path])
        #expect(printed.status == 0, "\(printed.standardError)")
        #expect(digest.hex == String(printed.standardOutput.prefix(64)))
        #expect(digest.bytes == Int64(size))
    }

    @Test func aMissingFileNamesItself() {
        #expect(throws: BackupError(step: "checksum", "cannot read /nonexistent/vigil.dump: No such file or directory")) {
            try FileDigest.sha256(of: "/nonexistent/vigil.dump")
        }
    }
}
