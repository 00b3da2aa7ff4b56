import Foundation
import Glibc
import Testing
import VigilCore
import VigilProbes

/// The configuration review on real files made by the test: modes set with chmod, owners with
/// chown (the tests run as root), globs, a tree with something world-writable deep inside, a
/// symbolic link that must not count, and secrets.
@Suite struct FilePermissionsProbeTests {
    /// A scratch tree: `app/app.toml` 0644 root, `app/conf.d/extra.toml` 0640, `app/keys/db.key` 0600 nobody.
    final class Tree {
        let root: String

        init() throws {
            var template = Array("/tmp/vigil-file-review.XXXXXX".utf8CString)
            root = String(cString: try #require(mkdtemp(&template)))
            try make("app", directory: true, mode: 0o755)
            try make("app/app.toml", mode: 0o644)
            try make("app/conf.d", directory: true, mode: 0o755)
            try make("app/conf.d/extra.toml", mode: 0o640)
            try make("app/keys", directory: true, mode: 0o700)
            try make("app/keys/db.key", mode: 0o600, owner: 65534)
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        func path(_ relative: String) -> String { root + "/" + relative }

        func make(_ relative: String, directory: Bool = false, mode: mode_t, owner: uid_t = 0) throws {
            let path = path(relative)
            if directory {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            } else {
                try "x\n".write(toFile: path, atomically: false, encoding: .utf8)
            }
            #expect(chmod(path, mode) == 0 && chown(path, owner, 0) == 0)
        }
    }

    static func review(_ settings: FilePermissionsSettings) throws -> Observation {
        try FilePermissionsProbe(settings: settings).observeBlocking(until: .now + .seconds(10))
    }

    @Test("a tidy tree passes: globs expand, every match and every entry counted")
    func tidyTreePasses() throws {
        let tree = try Tree()
        let verdict = try Self.review(FilePermissionsSettings(paths: [tree.path("app/*.toml"), tree.path("app/conf.d/*")], owner: "root",
                                                              maxMode: 0o644, noWorldWritable: true,
                                                              secrets: [.init(path: tree.path("app/keys/*.key"), owner: "nobody")]))
        #expect(verdict.status == .healthy && verdict.message == "3 paths checked, no violation", "\(verdict.message)")
    }

    @Test("each violation is named with the path, what it is and what it should be")
    func violationsAreNamed() throws {
        let tree = try Tree()
        #expect(chmod(tree.path("app/app.toml"), 0o664) == 0)
        #expect(chown(tree.path("app/conf.d/extra.toml"), 65534, 0) == 0)
        let verdict = try Self.review(FilePermissionsSettings(paths: [tree.path("app/app.toml"), tree.path("app/conf.d/*.toml"),
                                                                      tree.path("app/missing.toml")],
                                                              owner: "root", maxMode: 0o644))
        #expect(verdict.status == .critical)
        #expect(verdict.message == "3 violations: \(tree.path("app/app.toml")) is mode 0664, should be 0644 or tighter; "
                + "\(tree.path("app/conf.d/extra.toml")) is owned by nobody, should be owned by root; "
                + "\(tree.path("app/missing.toml")) is missing (nothing matches), should be there to be reviewed", "\(verdict.message)")
        #expect(verdict.metrics["violations"] == 3 && verdict.metrics["files_checked"] == 2)
    }

    @Test("no_world_writable finds a file deep in the tree, and not a symbolic link's 0777")
    func worldWritableDeepInATree() throws {
        let tree = try Tree()
        try tree.make("app/conf.d/deep", directory: true, mode: 0o755)
        try tree.make("app/conf.d/deep/open.toml", mode: 0o666)
        #expect(symlink(tree.path("app/app.toml"), tree.path("app/conf.d/link.toml")) == 0)
        let verdict = try Self.review(FilePermissionsSettings(paths: [tree.path("app")], noWorldWritable: true))
        #expect(verdict.status == .critical, "\(verdict.message)")
        #expect(verdict.message == "1 violation: \(tree.path("app/conf.d/deep/open.toml")) is world-writable (mode 0666), "
                + "should be writable by its owner and group only")
        // app, its 8 entries below (app.toml, conf.d, keys, extra.toml, db.key, deep, open.toml, link.toml).
        #expect(verdict.metrics["files_checked"] == 9, "\(verdict.metrics)")
    }

    @Test("a secret readable by its group, or owned by another user, or missing, is a violation")
    func secrets() throws {
        let tree = try Tree()
        #expect(chmod(tree.path("app/keys/db.key"), 0o640) == 0)
        let verdict = try Self.review(FilePermissionsSettings(secrets: [
            .init(path: tree.path("app/keys/db.key"), owner: "root"),
            .init(path: tree.path("app/keys/api.token"), owner: "nobody"),
        ]))
        #expect(verdict.message == "3 violations: \(tree.path("app/keys/db.key")) is a secret with mode 0640, should be 0600 or tighter; "
                + "\(tree.path("app/keys/db.key")) is a secret owned by nobody, should be owned by root, the user of its service; "
                + "\(tree.path("app/keys/api.token")) is missing, should be a file of secrets owned by nobody", "\(verdict.message)")
    }
}
