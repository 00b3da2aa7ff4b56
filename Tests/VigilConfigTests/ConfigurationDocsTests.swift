import Foundation
import Testing
@testable import VigilConfig
import VigilCore
import VigilTestSupport

/// docs/configuration.md is the operator's reference: it must name every key the loader accepts.
@Suite("Configuration reference")
struct ConfigurationDocsTests {
    static func reference() throws -> String {
        try String(contentsOf: RepositoryPaths.file("docs/configuration.md"), encoding: .utf8)
    }

    @Test func documentsEveryKeyKindAndMetric() throws {
        let reference = try Self.reference()
        let keys = FileDecoder.daemonKeys + ["conninfo"] + CheckSchema.commonKeys + CheckSchema.allKindKeys
            + FileDecoder.breakerKeys + RemediationDecoder.planKeys + RemediationDecoder.stepKeys.values.flatMap { $0 }
            + RemediationDecoder.stepKindNames + RemediationDecoder.modeNames + BackupDecoder.keys
            + IncidentsDecoder.keys + EscalationDecoder.keys + ["notify"] + NotifierDecoder.kindKeys.values.flatMap { $0 }
            + NotifierSettings.Kind.names + NotifierDecoder.retryKeys + NotificationTemplate.placeholders.map { "{\($0)}" }
            + MaintenanceDecoder.keys + ReleaseDecoder.keys + RollbackDecoder.keys + RollbackDecoder.stepKeys.values.flatMap { $0 }
            + RollbackStep.kindNames + RollbackStep.BackupChoice.allCases.map(\.rawValue) + CoordinationDecoder.keys
            + MetricsDecoder.keys + SampleDecoder.ruleKeys + SampleDecoder.kindKeys.values.flatMap { $0 }
        let metrics = CheckKind.names.flatMap { CheckKind.metrics(ofKind: $0)?.keys.sorted() ?? [] }
        for word in keys + metrics {
            #expect(reference.contains("`\(word)`"), "docs/configuration.md does not mention `\(word)`")
        }
        for kind in CheckKind.names {
            #expect(reference.contains("#### `kind = \"\(kind)\"`"), "no section for kind \(kind)")
        }
        for method in CheckSchema.httpMethods + CheckSchema.unitSuffixes {
            #expect(reference.contains("`\(method)`"))
        }
    }

    @Test func documentsTheDefaultsTheCodeApplies() throws {
        let reference = try Self.reference()
        #expect(reference.contains("| `interval` | duration | `\"\(DurationText.format(CheckSchema.defaultInterval))\"` |"))
        #expect(reference.contains("| `timeout` | duration | `\"\(DurationText.format(CheckSchema.defaultTimeout))\"` |"))
        #expect(reference.contains("| `stop_timeout` | duration | `\"\(DurationText.format(DaemonSettings().stopTimeout))\"` |"))
        #expect(reference.contains("| `severity` | string | `\"\(CheckDefinition(name: "x", kind: .memory).severity.rawValue)\"` |"))
        #expect(reference.contains("at most \(DocumentGuard.maximumDepth) deep"))
        #expect(reference.contains("| `every` | duration, at least `\"1s\"` | `\"\(DurationText.format(ReleaseSettings.defaultEvery))\"` |"))
        #expect(reference.contains("| `stable_for` | duration, at least `\"1s\"` | `\"\(DurationText.format(ReleaseSettings.defaultStableFor))\"` |"))
        #expect(reference.contains("| `timeout` | duration, at least `\"1s\"` | `\"\(DurationText.format(ReleaseSettings.defaultTimeout))\"` |"))
        #expect(reference.contains("first line of at most \(ReleaseSettings.maximumVersionLength) bytes"))
    }

    @Test func documentsTheDecisionDefaultsTheCoreDefines() throws {
        let reference = try Self.reference()
        func row(_ key: String, _ type: String, _ value: String) -> String { "| `\(key)` | \(type) | `\(value)` |" }
        func duration(_ value: Duration) -> String { "\"\(DurationText.format(value))\"" }
        let daemon = DaemonSettings(), breaker = CircuitBreaker.Settings()
        let budget = RemediationBudget.Policy(), verification = RemediationRun.Verification()
        let confirmation = ConfirmationPolicy.default, flapping = FlapThresholds.default
        let limit = DecisionKeysDecoder.maximumResults
        let rows = [
            row("mode", "string", "\"\(daemon.mode.rawValue)\""),
            row("max_concurrent_remediations", "integer ≥ 1", "\(daemon.maxConcurrentRemediations)"),
            row("failure_threshold", "integer ≥ 1", "\(breaker.failureThreshold)"),
            row("reset_timeout", "duration", duration(breaker.resetTimeout)),
            row("success_threshold", "integer ≥ 1", "\(breaker.successThreshold)"),
            row("max_attempts", "integer ≥ 1", "\(budget.maxAttempts)"),
            row("window", "duration", duration(budget.window)),
            row("backoff", "duration", duration(budget.backoff)),
            row("backoff_max", "duration, ≥ `backoff`", duration(budget.backoffMax)),
            row("healthy_for", "duration", duration(budget.healthyFor)),
            row("grace", "duration", duration(verification.grace)),
            row("verify_successes", "integer ≥ 1", "\(verification.verifySuccesses)"),
            row("verify_timeout", "duration", duration(verification.verifyTimeout)),
            row("fail_after", "integer 1…\(limit)", "\(confirmation.failuresNeeded)"),
            row("recover_after", "integer 1…\(limit)", "\(confirmation.successesNeeded)"),
            row("flap_low", "number 0…100", NumberText.format(flapping.low)),
            row("flap_high", "number 0…100, above `flap_low`", NumberText.format(flapping.high)),
        ]
        for expected in rows {
            #expect(reference.contains(expected), "docs/configuration.md has no row \(expected)")
        }
        for kind in RemediationStep.Kind.allCases where kind != .notify {
            #expect(reference.contains("`timeout` (duration, default `\(duration(RemediationStep.defaultTimeout(for: kind)))`)"))
        }
    }
}
