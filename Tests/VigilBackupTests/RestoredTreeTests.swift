import Foundation
import Testing
@testable import VigilBackup

/// The restore's check of a storage path against its archive: contents, sizes and entries.
@Suite struct RestoredTreeTests {
    private func archived() throws -> (BackupRunnerTests.Scratch, tree: String, archive: String) {
        let scratch = try BackupRunnerTests.Scratch()
        let archive = scratch.path + "/storage.tar.gz"
        try BackupTool.run(["tar", "--create", "--gzip", "--file=\(archive)", "--directory=\(scratch.path)", "--", "storage"],
                           step: "test", deadline: .now + .seconds(30))
        return (scratch, scratch.path + "/storage", archive)
    }

    @Test func anUnchangedTreeMatches() throws {
        let (scratch, tree, archive) = try archived()
        #expect(try RestoredTree.check(tree, against: archive, deadline: .now + .seconds(30)) == 4)
        withExtendedLifetime(scratch) {}
    }

    @Test func aChangedByteIsNamed() throws {
        let (scratch, tree, archive) = try archived()
        let blob = URL(fileURLWithPath: tree + "/blob.bin")
        var bytes = try Data(contentsOf: blob)
        bytes[100] ^= 0x01
        try bytes.write(to: blob)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 0)], ofItemAtPath: blob.path)
        #expect(throws: BackupError(step: "validate", "\(tree) does not match its archive: storage/blob.bin: Mod time differs; storage/blob.bin: Contents differ")) {
            try RestoredTree.check(tree, against: archive, deadline: .now + .seconds(30))
        }
        withExtendedLifetime(scratch) {}
    }

    @Test func aMissingOrStrayFileIsFound() throws {
        let (scratch, tree, archive) = try archived()
        try Data("stray".utf8).write(to: URL(fileURLWithPath: tree + "/stray.txt"))
        #expect(throws: BackupError(step: "validate", "\(tree) holds 5 entries, its archive 4: something was added beside the restored files")) {
            try RestoredTree.check(tree, against: archive, deadline: .now + .seconds(30))
        }
        try FileManager.default.removeItem(atPath: tree + "/plugins/state.json")
        #expect {
            try RestoredTree.check(tree, against: archive, deadline: .now + .seconds(30))
        } throws: { error in
            "\(error)".contains("storage/plugins/state.json: Warning: Cannot stat: No such file or directory")
        }
        withExtendedLifetime(scratch) {}
    }
}
