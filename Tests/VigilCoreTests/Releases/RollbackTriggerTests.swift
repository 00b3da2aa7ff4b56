import Foundation
import Testing
import VigilCore

@Suite struct RollbackTriggerTests {
    static func at(_ minutes: Double) -> Date { ReleaseTrackerTests.at(minutes) }

    /// 1.0 good at minute 10, 1.1 deployed at minute 30.
    static func book(badOutcome: ReleaseRecord.Outcome? = nil, withGood: Bool = true) -> ReleaseBook {
        var tracker = ReleaseTrackerTests.tracker()
        _ = tracker.versionRead("1.0", at: at(0))
        if withGood {
            _ = tracker.tick(at: at(10))
            _ = tracker.versionRead("1.0", at: at(29.5))
        }
        _ = tracker.versionRead("1.1", at: at(30))
        if let badOutcome { tracker.mark("1.1", badOutcome) }
        return tracker.book
    }

    static func api(since minutes: Double, suppressedBy: String? = nil, flapping: Bool = false, coveredBy: String? = nil) -> RollbackTrigger.Failure {
        .init(check: "api", since: at(minutes), suppressedBy: suppressedBy, flapping: flapping, coveredBy: coveredBy)
    }

    @Test("a failure begun after the release, sustained for `for`, rolls back to the last known good")
    func firesAfterSustained() {
        var trigger = RollbackTrigger()
        let book = Self.book()
        #expect(trigger.evaluate(book, failures: [Self.api(since: 31)], at: Self.at(31)) == .waiting(until: Self.at(32), checks: ["api"]))
        #expect(trigger.evaluate(book, failures: [Self.api(since: 31)], at: Self.at(31.5)) == .waiting(until: Self.at(32), checks: ["api"]))
        #expect(trigger.evaluate(book, failures: [Self.api(since: 31)], at: Self.at(32)) == .rollBack(bad: "1.1", lastKnownGood: "1.0", checks: ["api"]))
    }

    @Test("a recovery before `for` starts the wait again")
    func recoveryResets() {
        var trigger = RollbackTrigger()
        let book = Self.book()
        _ = trigger.evaluate(book, failures: [Self.api(since: 31)], at: Self.at(31))
        #expect(trigger.evaluate(book, failures: [], at: Self.at(31.5)) == .quiet)
        #expect(trigger.evaluate(book, failures: [Self.api(since: 31.8)], at: Self.at(32)) == .waiting(until: Self.at(33), checks: ["api"]))
    }

    @Test("never for a failure begun before the release changed: that is remediated, not rolled back")
    func notForOlderFailures() {
        var trigger = RollbackTrigger()
        #expect(trigger.evaluate(Self.book(), failures: [Self.api(since: 29)], at: Self.at(40)) == .quiet)
        #expect(trigger.evaluate(Self.book(), failures: [Self.api(since: 29.5)], at: Self.at(40)) == .quiet, "seen with the old version")
    }

    @Test("a failure a check saw before the version was read again counts: the deployment came after the last old read")
    func aCheckMayNoticeTheDeploymentFirst() {
        var trigger = RollbackTrigger()
        _ = trigger.evaluate(Self.book(), failures: [Self.api(since: 29.8)], at: Self.at(30))
        #expect(trigger.evaluate(Self.book(), failures: [Self.api(since: 29.8)], at: Self.at(31)) == .rollBack(bad: "1.1", lastKnownGood: "1.0", checks: ["api"]))
    }

    @Test("never while the failure is explained by a dependency, flapping or covered by maintenance")
    func notWhenExplained() {
        var trigger = RollbackTrigger()
        for failure in [Self.api(since: 31, suppressedBy: "database"), Self.api(since: 31, flapping: true),
                        Self.api(since: 31, coveredBy: "maintenance window deploy")] {
            #expect(trigger.evaluate(Self.book(), failures: [failure], at: Self.at(31)) == .quiet)
            #expect(trigger.evaluate(Self.book(), failures: [failure], at: Self.at(40)) == .quiet)
        }
    }

    @Test("never for the last known good itself, nor after `within`, nor twice for one bad release")
    func notForGoodLateOrTwice() {
        var trigger = RollbackTrigger()
        var good = Self.book()
        good.running = "1.0"
        #expect(trigger.evaluate(good, failures: [Self.api(since: 31)], at: Self.at(40)) == .quiet)
        #expect(trigger.evaluate(Self.book(), failures: [Self.api(since: 150)], at: Self.at(151)) == .quiet, "2h after the change")
        for outcome in [ReleaseRecord.Outcome.rolledBack, .failedRollback] {
            #expect(trigger.evaluate(Self.book(badOutcome: outcome), failures: [Self.api(since: 31)], at: Self.at(40)) == .quiet)
        }
    }

    @Test("it needs critical_checks failures at once")
    func countsChecks() {
        var trigger = RollbackTrigger(settings: .init(criticalChecks: 2))
        let book = Self.book()
        #expect(trigger.evaluate(book, failures: [Self.api(since: 31)], at: Self.at(35)) == .quiet)
        let both = [Self.api(since: 31), RollbackTrigger.Failure(check: "db", since: Self.at(34))]
        #expect(trigger.evaluate(book, failures: both, at: Self.at(35)) == .waiting(until: Self.at(36), checks: ["api", "db"]))
        #expect(trigger.evaluate(book, failures: both, at: Self.at(36)) == .rollBack(bad: "1.1", lastKnownGood: "1.0", checks: ["api", "db"]))
    }

    @Test("without a last known good it says why, once per bad release")
    func noLastKnownGood() {
        var trigger = RollbackTrigger()
        let book = Self.book(withGood: false)
        _ = trigger.evaluate(book, failures: [Self.api(since: 31)], at: Self.at(31))
        #expect(trigger.evaluate(book, failures: [Self.api(since: 31)], at: Self.at(32))
                == .cannot(bad: "1.1", reason: "no release has been the last known good yet", firstTime: true))
        #expect(trigger.evaluate(book, failures: [Self.api(since: 31)], at: Self.at(33))
                == .cannot(bad: "1.1", reason: "no release has been the last known good yet", firstTime: false))
    }
}
