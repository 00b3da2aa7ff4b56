import FoundationEssentials
import Testing
import VigilCore

/// What each journal entry adds to the metrics: the entries are built by the same constructors the daemon uses.
@Suite struct EventMetricsTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func confirmedChangesCountByTheirNewStatus() {
        let result = CheckResult(name: "api", kind: "http", status: .critical, message: "HTTP 503", durationMs: 4, timestamp: now)
        #expect(EventMetrics.updates(for: .statusChanged(result, previous: .healthy, severity: .p0), at: now)
            == [.increment(.checkStateChanges, labels: ["api", "critical"])])
    }

    @Test func remediationOutcomesAndSkipsCountByPlan() {
        let verified = JournalEvent.remediationVerified(check: "api", plan: "restart-api", attempt: 1, budgetLeft: 2)
        let failed = JournalEvent.remediationAttemptFailed(check: "api", plan: "restart-api", attempt: 2, reason: "exit 1", budgetLeft: 1, nextAllowedAt: nil)
        let unverified = JournalEvent.remediationVerificationFailed(check: "api", plan: "restart-api", attempt: 3, reason: "still 503",
                                                                    budgetLeft: 0, nextAllowedAt: nil)
        #expect(EventMetrics.updates(for: verified, at: now) == [.increment(.remediationAttempts, labels: ["restart-api", "verified"])])
        #expect(EventMetrics.updates(for: failed, at: now) == [.increment(.remediationAttempts, labels: ["restart-api", "failed"])])
        #expect(EventMetrics.updates(for: unverified, at: now) == [.increment(.remediationAttempts, labels: ["restart-api", "verification-failed"])])
    }

    @Test func findingsAnomaliesBackupsAndReloads() {
        let finding = JournalEvent.sampleFinding(.degraded(durationMs: 60, baselineMs: 20, ratio: 3), operation: "slowest_query", status: .warning)
        #expect(EventMetrics.updates(for: finding, at: now) == [.increment(.sampleFindings, labels: ["slowest_query", "degraded"])])
        let failedBackup = JournalEvent.backupFailed(name: "b", step: "dump", reason: "disk full", durationMs: 10)
        #expect(EventMetrics.updates(for: failedBackup, at: now) == [.increment(.backupFailures, labels: [])])
        #expect(EventMetrics.updates(for: .reloadRejected(errors: ["bad"]), at: now) == [.set(.reloadSuccessful, labels: [], 0)])
        #expect(EventMetrics.updates(for: .daemonError("x", reason: "y"), at: now).isEmpty)
    }

    @Test func everyFamilyIsNamedByPrometheusConventions() {
        for family in MetricFamily.all {
            #expect(family.name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }, "\(family.name)")
            #expect((family.kind == .counter) == family.name.hasSuffix("_total"), "\(family.name): only counters end in _total")
            #expect(!family.help.isEmpty)
        }
        #expect(Set(MetricFamily.all.map(\.name)).count == MetricFamily.all.count)
    }
}
