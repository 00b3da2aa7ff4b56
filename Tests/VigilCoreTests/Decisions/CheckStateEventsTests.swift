import Foundation
import Testing
import VigilCore

@Suite struct CheckStateEventsTests {
    static let since = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: [
        (Status.critical, Status.healthy, JournalPriority.notice),
        (.warning, .healthy, .notice),
        (.unknown, .healthy, .notice),
        (.healthy, .critical, .info),
    ])
    func softChangesOpenNothingAndSaySo(status: Status, confirmed: Status, priority: JournalPriority) {
        let event = JournalEvent.softStateChanged(check: "database", from: confirmed, to: status,
                                                  confirmed: confirmed, reason: "connection refused")
        #expect(event.kind == .checkSoftChange)
        #expect(event.priority == priority)
        #expect(event.value(of: "STATE_TYPE") == "SOFT")
        #expect(event.value(of: "STATUS") == status.rawValue)
        #expect(event.value(of: "CONFIRMED_STATUS") == confirmed.rawValue)
        #expect(event.message == "database is \(status.rawValue), not confirmed yet (was \(confirmed.rawValue), "
            + "confirmed \(confirmed.rawValue)): connection refused")
    }

    @Test(arguments: [
        (StateChange.confirmed(from: .healthy, to: .critical, since: since), EventKind.checkCritical, JournalPriority.critical),
        (.confirmed(from: .healthy, to: .warning, since: since), .checkWarning, .warning),
        (.confirmed(from: .critical, to: .unknown, since: since), .checkUnknown, .warning),
        (.confirmed(from: .unknown, to: .healthy, since: since), .checkHealthy, .info),
        (.recovered(from: .critical, since: since), .checkRecovered, .notice),
        (.recovered(from: .unknown, since: since), .checkRecovered, .notice),
    ])
    func confirmationsUseThePerStatusKinds(change: StateChange, kind: EventKind, priority: JournalPriority) {
        let event = JournalEvent.stateChange(change, check: "database", confirmed: .critical, reason: "r")
        #expect(event.kind == kind)
        #expect(event.priority == priority)
        #expect(event.value(of: "STATE_TYPE") == "HARD")
        #expect(event.value(of: "SINCE") == "2027-01-15T08:00:00Z")
    }

    @Test func aConfirmationSaysSinceWhen() {
        let event = JournalEvent.stateConfirmed(check: "database", from: .healthy, to: .critical,
                                                since: Self.since, reason: "connection refused")
        #expect(event.message == "database is CRITICAL (was HEALTHY): connection refused")
        #expect(event.value(of: "PREVIOUS_STATUS") == "HEALTHY")
        #expect(event.value(of: "REASON") == "connection refused")
    }

    /// A soft CRITICAL must not be found by `MESSAGE_ID=` of a confirmed CRITICAL.
    @Test func aSoftChangeHasAKindOfItsOwn() {
        let event = JournalEvent.stateChange(.softChange(from: .healthy, to: .critical), check: "database",
                                             confirmed: .healthy, reason: "r")
        #expect(event.kind == .checkSoftChange)
        #expect(event.kind != .checkCritical)
        #expect(event.priority == .notice)
        #expect(event.value(of: "STATE_TYPE") == "SOFT")
    }

    @Test(arguments: [
        (JournalEvent.flapping(check: "api", .startedFlapping(33.9), flapLow: 25, flapHigh: 30),
         EventKind.checkFlappingStarted, JournalPriority.warning),
        (.flapping(check: "api", .stoppedFlapping(24.5), flapLow: 25, flapHigh: 30), .checkFlappingStopped, .notice),
        (.dependencySuppressed(check: "web", Suppression(dependency: "database", path: ["api", "database"],
                                                         dependencyStatus: .critical)),
         .checkDependencySuppressed, .notice),
        (.dependencyCleared(check: "web", dependency: "database"), .checkDependencyCleared, .info),
        (.softStateChanged(check: "web", from: .healthy, to: .warning, confirmed: .healthy, reason: "r"),
         .checkSoftChange, .notice),
        (.softStateChanged(check: "web", from: .critical, to: .healthy, confirmed: .critical, reason: "r"),
         .checkSoftChange, .info),
    ])
    func everyEngineEntryHasItsOwnKindAndPriority(event: JournalEvent, kind: EventKind, priority: JournalPriority) {
        #expect(event.kind == kind)
        #expect(event.priority == priority)
    }

    @Test func flappingStartAndStop() {
        let started = JournalEvent.flapping(check: "api", .startedFlapping(33.9), flapLow: 25, flapHigh: 30)
        #expect(started.priority == .warning)
        #expect(started.message == "api is flapping (33.9 % state change, above 30 %); remediation paused")
        #expect(started.value(of: "FLAP_PERCENT") == "33.9")
        #expect(started.value(of: "FLAP_HIGH") == "30")
        #expect(started.value(of: "DECISION") == "flapping")
        let stopped = JournalEvent.flapping(check: "api", .stoppedFlapping(24.5), flapLow: 25, flapHigh: 30)
        #expect(stopped.priority == .notice)
        #expect(stopped.message == "api stopped flapping (24.5 % state change, below 25 %)")
        #expect(stopped.value(of: "DECISION") == "stable")
    }

    @Test func suppressionAndItsEnd() {
        let suppression = Suppression(dependency: "database", path: ["api", "database"], dependencyStatus: .critical)
        let suppressed = JournalEvent.dependencySuppressed(check: "web", suppression)
        #expect(suppressed.message == "web is UNKNOWN: dependency database is CRITICAL (through api)")
        #expect(suppressed.value(of: "REASON") == "dependency database is CRITICAL (through api)")
        #expect(suppressed.value(of: "DEPENDENCY") == "database")
        #expect(suppressed.value(of: "DEPENDENCY_PATH") == "api database")
        #expect(suppressed.value(of: "DECISION") == "suppressed")
        let cleared = JournalEvent.dependencyCleared(check: "web", dependency: "database")
        #expect(cleared.priority == .info)
        #expect(cleared.message == "web is judged on its own again: dependency database is no longer CRITICAL")
    }
}
