import Testing
import VigilCore

/// The configuration review's rules on hand-made facts: each rule at its edge, and how the verdict reads.
@Suite struct FileReviewTests {
    static func file(_ mode: UInt32, _ path: String = "/etc/app/app.toml", owner: String = "root", group: String = "root",
                     kind: FileFacts.Kind = .file) -> FileFacts {
        FileFacts(path: path, kind: kind, mode: mode, owner: owner, group: group)
    }

    @Test func ownerGroupAndMaxModeEachNameWhatIsAndWhatShouldBe() {
        let rules = FilePermissionsSettings(paths: ["/etc/app/*"], owner: "root", group: "app", maxMode: 0o640)
        #expect(FileReview.violations(of: Self.file(0o640, group: "app"), rules).isEmpty)
        #expect(FileReview.violations(of: Self.file(0o600, group: "app"), rules).isEmpty, "tighter is fine")
        #expect(FileReview.violations(of: Self.file(0o644, owner: "app", group: "staff"), rules).map(\.description) == [
            "/etc/app/app.toml is owned by app, should be owned by root",
            "/etc/app/app.toml is in group staff, should be in group app",
            "/etc/app/app.toml is mode 0644, should be 0640 or tighter",
        ])
        #expect(FileReview.violations(of: Self.file(0o4640, group: "app"), rules).map(\.found) == ["mode 4640"], "setuid is beyond 0640")
        #expect(FileReview.violations(of: Self.file(0o750, "/etc/app", group: "app", kind: .directory), rules).isEmpty,
                "a directory needs its search bit: max_mode is for files")
    }

    @Test func worldWritableAnywhereButASymbolicLink() {
        #expect(FileReview.worldWritable(Self.file(0o646))?.description
            == "/etc/app/app.toml is world-writable (mode 0646), should be writable by its owner and group only")
        #expect(FileReview.worldWritable(Self.file(0o1777, "/etc/app/drop", kind: .directory))?.found
            == "a world-writable directory (mode 1777)")
        #expect(FileReview.worldWritable(Self.file(0o777, kind: .symlink)) == nil)
        #expect(FileReview.worldWritable(Self.file(0o664)) == nil)
    }

    @Test func aSecretIsAFileOf0600OrTighterOwnedByItsService() {
        #expect(FileReview.violations(ofSecret: Self.file(0o600, "/etc/app/db.key", owner: "app"), owner: "app").isEmpty)
        #expect(FileReview.violations(ofSecret: Self.file(0o400, "/etc/app/db.key", owner: "app"), owner: "app").isEmpty)
        #expect(FileReview.violations(ofSecret: Self.file(0o640, "/etc/app/db.key", owner: "root"), owner: "app").map(\.description) == [
            "/etc/app/db.key is a secret with mode 0640, should be 0600 or tighter",
            "/etc/app/db.key is a secret owned by root, should be owned by app, the user of its service",
        ])
        #expect(FileReview.violations(ofSecret: Self.file(0o700, "/etc/app/keys", owner: "app", kind: .directory), owner: "app")
            .map(\.description) == ["/etc/app/keys is a directory, should be a regular file of secrets"])
    }

    @Test func theVerdictNamesTheFirstThreeAndCountsTheRest() {
        let five = (1...5).map { FileViolation(path: "/f\($0)", found: "mode 0666", expected: "0644 or tighter") }
        let verdict = FileReview.observation(violations: five, checked: 9)
        #expect(verdict.status == .critical)
        #expect(verdict.message == "5 violations: /f1 is mode 0666, should be 0644 or tighter; /f2 is mode 0666, should be 0644 or tighter; "
                + "/f3 is mode 0666, should be 0644 or tighter (and 2 more)")
        #expect(verdict.metrics == ["violations": 5, "files_checked": 9])
        let clean = FileReview.observation(violations: [], checked: 1)
        #expect(clean.status == .healthy && clean.message == "1 path checked, no violation")
    }
}
