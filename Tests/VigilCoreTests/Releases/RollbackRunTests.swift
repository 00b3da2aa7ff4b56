import Foundation
import Testing
import VigilCore

/// One rollback as a pure procedure: steps in order, the first failure ends it, then verification.
@Suite struct RollbackRunTests {
    static func at(_ minutes: Double) -> Date { ReleaseTrackerTests.at(minutes) }

    static let settings = RollbackSettings(steps: [
        .switchSymlink(link: "/srv/app/current", target: "/srv/app/releases/{version}"),
        .restore(.lastOfRelease),
        .remediation(.exec(["/usr/bin/app-cache", "--flush", "{version}"])),
    ], verifyFor: .seconds(120))

    static func begin(target: String = "1.0") -> (RollbackRun, RollbackRun.Action) {
        RollbackRun.begin(bad: "1.1", target: target, checks: ["api"], settings: settings, at: at(0))
    }

    @Test("the steps run in order with {version} as the last known good, then verification for verify_for")
    func stepsThenVerification() {
        var (run, action) = Self.begin()
        #expect(action == .run(index: 0, step: .switchSymlink(link: "/srv/app/current", target: "/srv/app/releases/1.0")))
        #expect(run.stepFinished(index: 0, succeeded: true, detail: "switched", at: Self.at(0.1)) == .run(index: 1, step: .restore(.lastOfRelease)))
        #expect(run.stepFinished(index: 1, succeeded: true, detail: "restored", at: Self.at(0.5))
            == .run(index: 2, step: .remediation(.exec(["/usr/bin/app-cache", "--flush", "1.0"]))))
        #expect(run.stepFinished(index: 2, succeeded: true, detail: "0", at: Self.at(1)) == .verify(until: Self.at(3)))
        #expect(run.rollbackTime == .seconds(60))
        #expect(run.verificationDue(running: "1.0", critical: [], at: Self.at(2)) == .verify(until: Self.at(3)), "not due yet")
        #expect(run.verificationDue(running: "1.0", critical: [], at: Self.at(3)) == .succeeded)
        #expect(run.isFinished)
    }

    @Test("the first failed step ends the rollback, named, and nothing after it runs")
    func aFailedStepEndsIt() {
        var (run, _) = Self.begin()
        _ = run.stepFinished(index: 0, succeeded: true, detail: "", at: Self.at(0.1))
        let action = run.stepFinished(index: 1, succeeded: false, detail: "no verified backup names release 1.0", at: Self.at(0.2))
        let failure = RollbackFailure(step: 1, summary: "restore last-of-release", reason: "no verified backup names release 1.0")
        #expect(action == .failed(failure))
        #expect(failure.stepText == "step 2 (restore last-of-release)")
        #expect(run.stepFinished(index: 2, succeeded: true, detail: "", at: Self.at(0.3)) == .failed(failure), "a late report changes nothing")
    }

    @Test("verification fails when the version does not read as the target, or a trigger check is still CRITICAL, or goes CRITICAL again")
    func verificationFailures() {
        func verifying() -> RollbackRun {
            var (run, _) = Self.begin()
            for index in 0..<3 { _ = run.stepFinished(index: index, succeeded: true, detail: "", at: Self.at(1)) }
            return run
        }
        var wrongVersion = verifying()
        #expect(wrongVersion.verificationDue(running: "1.1", critical: [], at: Self.at(3))
            == .failed(RollbackFailure(step: nil, reason: "the running release reads as 1.1, not 1.0, after the steps")))
        var stillCritical = verifying()
        #expect(stillCritical.verificationDue(running: "1.0", critical: ["api"], at: Self.at(3))
            == .failed(RollbackFailure(step: nil, reason: "still confirmed CRITICAL after 2m: api")))
        var again = verifying()
        #expect(again.criticalConfirmed("api", at: Self.at(2)) == .failed(RollbackFailure(step: nil, reason: "check api was confirmed CRITICAL again during verification")))
        #expect(RollbackFailure(step: nil, reason: "").stepText == "verification")
    }

    @Test("a run found at start was interrupted: it fails at the step it was on, never resumes blind")
    func interrupted() {
        var (run, _) = Self.begin()
        _ = run.stepFinished(index: 0, succeeded: true, detail: "", at: Self.at(0.1))
        let data = try? JSONEncoder().encode(run)
        var loaded = try! JSONDecoder().decode(RollbackRun.self, from: data!)
        #expect(loaded == run)
        #expect(loaded.interrupted(at: Self.at(5)) == .failed(RollbackFailure(step: 1, summary: "restore last-of-release",
                                                                               reason: "Vigil stopped while this step ran; it may have run in part")))
    }

    @Test("a last known good that cannot name a folder or an argv element is refused before any step", arguments: [
        ("../etc", "it contains \"/\""), ("..", "it contains \"..\""), ("a/b", "it contains \"/\""), ("-rf", "it begins with \"-\" (it would read as an option)"),
        ("", "it is empty"), ("1.0\n", "it contains a control character"),
    ])
    func refusedVersions(version: String, reason: String) {
        #expect(RollbackVersion.refusal(version) == reason)
        let (run, action) = Self.begin(target: version)
        #expect(action == .failed(RollbackFailure(step: nil, reason: "the last known good \"\(version)\" cannot name a release: \(reason)")))
        #expect(run.isFinished)
    }

    @Test func versionsThatNameAFolderAreAccepted() {
        for version in ["1.0", "2026.12.0", "v2.3.4-rc1+build.5", "release_7"] { #expect(RollbackVersion.refusal(version) == nil) }
    }

    @Test func theReleasesFolderIsWhatComesBeforeTheVersion() {
        #expect(RollbackVersion.releasesFolder(ofTarget: "/srv/app/releases/{version}") == "/srv/app/releases")
        #expect(RollbackVersion.releasesFolder(ofTarget: "/srv/app/releases/app-{version}/dist") == "/srv/app/releases")
        #expect(RollbackVersion.releasesFolder(ofTarget: "/{version}") == "/")
        #expect(RollbackVersion.releasesFolder(ofTarget: "/srv/app/releases/1.0") == nil)
    }
}
