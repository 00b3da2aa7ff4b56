import Foundation
import Glibc
import Testing
import VigilCore
import VigilDaemon

/// The rollback's own step kinds on real files: the symlink switch is atomic and refuses what it
/// must not do; a restore without a backup of the release fails before touching anything.
@Suite struct RollbackStepRunnerTests {
    static let runner = RollbackStepRunner(executor: StepExecutor())

    static func context(_ directory: ScratchDirectory, configuration: VigilConfiguration = VigilConfiguration()) -> RollbackStepRunner.Context {
        RollbackStepRunner.Context(bad: "1.1", badFirstSeen: Date(), target: "1.0", configuration: configuration,
                                   releasesFolder: directory.file("releases"))
    }

    static func releases() throws -> ScratchDirectory {
        let directory = try ScratchDirectory()
        for version in ["1.0", "1.1"] {
            try FileManager.default.createDirectory(atPath: directory.file("releases/\(version)"), withIntermediateDirectories: true)
        }
        #expect(symlink(directory.file("releases/1.1"), directory.file("current")) == 0)
        return directory
    }

    @Test("the link is replaced by a new one renamed over it, and says what it was")
    func switchesTheLink() throws {
        let directory = try Self.releases()
        let outcome = Self.runner.run(.switchSymlink(link: directory.file("current"), target: directory.file("releases/1.0")), Self.context(directory))
        #expect(outcome.succeeded, "\(outcome)")
        #expect(outcome.exitStatus == "\(directory.file("current")) -> \(directory.file("releases/1.0")) (was \(directory.file("releases/1.1")))")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory.file("current")) == directory.file("releases/1.0"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["current", "releases"], "no temporary link left")
    }

    @Test("a target that does not exist, resolves outside the releases folder, or a link that is a real folder: refused, nothing changed")
    func refusals() throws {
        let directory = try Self.releases()
        let elsewhere = try ScratchDirectory()
        #expect(symlink(elsewhere.path, directory.file("releases/evil")) == 0)
        let current = directory.file("current")
        let cases: [(String, String, String)] = [
            (current, directory.file("releases/0.9"), "target \(directory.file("releases/0.9")) does not exist: No such file or directory"),
            (current, directory.file("releases/evil"),
             "target \(directory.file("releases/evil")) resolves to \(elsewhere.path), outside the releases folder \(directory.file("releases"))"),
            (directory.file("releases/1.1"), directory.file("releases/1.0"), "\(directory.file("releases/1.1")) is not a symlink; Vigil replaces only a link"),
        ]
        for (link, target, reason) in cases {
            let outcome = Self.runner.run(.switchSymlink(link: link, target: target), Self.context(directory))
            #expect(!outcome.succeeded)
            #expect(outcome.exitStatus == reason)
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: current) == directory.file("releases/1.1"))
        }
    }

    @Test("a restore with no verified backup of the last known good fails before anything is touched")
    func restoreWithoutABackup() throws {
        let directory = try Self.releases()
        try FileManager.default.createDirectory(atPath: directory.file("backups"), withIntermediateDirectories: true)
        var configuration = VigilConfiguration(databases: ["main": DatabaseSettings(name: "main", conninfo: "host=/nonexistent dbname=x")])
        configuration.backup = BackupSettings(database: "main", destination: directory.file("backups"))
        let outcome = Self.runner.run(.restore(.lastOfRelease), Self.context(directory, configuration: configuration))
        #expect(!outcome.succeeded)
        #expect(outcome.exitStatus == "no verified backup in \(directory.file("backups")) whose manifest names release 1.0; nothing was touched")
        #expect(!Self.runner.run(.restore(.lastOfRelease), Self.context(directory)).succeeded, "no [backup] at all")
    }
}
