import Foundation
import Testing
import VigilConfig
import VigilCore

/// Loading from real files: directories, modes and missing paths.
@Suite("Loading config files from disk")
struct ConfigLoaderFileTests {
    /// A fresh folder under the temporary directory, removed when the test ends.
    final class TemporaryFolder {
        let path: String

        init() throws {
            path = NSTemporaryDirectory() + "vigil-config-tests-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }

        @discardableResult
        func write(_ name: String, _ text: String, mode: Int = 0o644) throws -> String {
            let filePath = path + "/" + name
            try FileManager.default.createDirectory(atPath: (filePath as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try text.write(toFile: filePath, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: filePath)
            return filePath
        }
    }

    static func memoryCheck(_ name: String) -> String {
        "[[check]]\nname = \"\(name)\"\nkind = \"memory\"\n"
    }

    @Test func directoryFilesAreReadInLexicalOrderAfterTheMainFile() throws {
        let folder = try TemporaryFolder()
        let main = try folder.write("vigil.toml", Self.memoryCheck("main") + "[daemon]\nstop_timeout = \"9s\"\n")
        try folder.write("vigil.d/20-b.toml", Self.memoryCheck("b") + "[daemon]\nstop_timeout = \"2s\"\n")
        try folder.write("vigil.d/10-a.toml", Self.memoryCheck("a") + "[daemon]\nstop_timeout = \"1s\"\n")
        try folder.write("vigil.d/README", "not toml at all [[[")
        try folder.write("vigil.d/99-c.toml.disabled", "not toml at all [[[")

        let configuration = try ConfigLoader.load(paths: [main, folder.path + "/vigil.d"]).get()
        #expect(configuration.checks.map(\.name) == ["main", "a", "b"])
        #expect(configuration.daemon.stopTimeout == .seconds(2))
        #expect(configuration.sources == [main, folder.path + "/vigil.d/10-a.toml", folder.path + "/vigil.d/20-b.toml"])
    }

    @Test(arguments: [(0o664, "group-writable (mode 0664)"), (0o646, "world-writable (mode 0646)"),
                      (0o666, "group- and world-writable (mode 0666)")])
    func groupOrWorldWritableFileIsRefused(mode: Int, wording: String) throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("vigil.toml", Self.memoryCheck("m"), mode: mode)
        let errors = try #require(ConfigLoader.load(paths: [path]).failure).errors
        #expect(errors == [ConfigError(file: path, message: "is \(wording): anyone who can edit it controls what "
                                       + "Vigil runs; fix with chmod go-w \(path)")])
    }

    @Test func writableFileInADirectoryIsRefusedAndItsOtherErrorsStillReported() throws {
        let folder = try TemporaryFolder()
        try folder.write("conf.d/a.toml", "[daemon]\nstop_timeout = 5\n", mode: 0o664)
        let errors = try #require(ConfigLoader.load(paths: [folder.path + "/conf.d"]).failure).errors
        #expect(errors.count == 2)
        #expect(errors.first?.message.hasPrefix("is group-writable") == true)
        #expect(errors.last?.key == "stop_timeout")
    }

    @Test(arguments: [0o644, 0o600, 0o444, 0o640])
    func ownerOnlyWritableFileLoads(mode: Int) throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("vigil.toml", Self.memoryCheck("m"), mode: mode)
        let configuration = try ConfigLoader.load(paths: [path]).get()
        #expect(configuration.checks.map(\.name) == ["m"])
    }

    @Test func missingExplicitFileIsAnError() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/nope.toml"
        let errors = try #require(ConfigLoader.load(paths: [path]).failure).errors
        #expect(errors == [ConfigError(file: path, message: "cannot read: No such file or directory")])
    }

    @Test func missingExplicitDirectoryIsAnErrorButAnEmptyOneIsNot() throws {
        let folder = try TemporaryFolder()
        #expect(ConfigLoader.load(paths: [folder.path + "/absent.d"]).failure != nil)
        try FileManager.default.createDirectory(atPath: folder.path + "/empty.d", withIntermediateDirectories: false)
        let configuration = try ConfigLoader.load(paths: [folder.path + "/empty.d"]).get()
        #expect(configuration.sources.isEmpty && configuration.checks.isEmpty)
    }

    @Test func defaultPathsAreTheMainFileThenTheDropInDirectory() {
        #expect(ConfigLoader.defaultPaths == ["/etc/vigil/vigil.toml", "/etc/vigil/vigil.d"])
    }

    @Test func invalidUTF8IsRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/vigil.toml"
        try Data([0x5B, 0x64, 0xFF, 0xFE, 0x5D]).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o644)
        let errors = try #require(ConfigLoader.load(paths: [path]).failure).errors
        #expect(errors == [ConfigError(file: path, message: "is not valid UTF-8")])
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
