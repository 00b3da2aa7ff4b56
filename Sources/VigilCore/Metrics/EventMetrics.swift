import FoundationEssentials

/// A change to one series, in the order of its family's labels.
public enum MetricUpdate: Sendable, Equatable {
    case increment(MetricFamily, labels: [String])
    case set(MetricFamily, labels: [String], Double)
}

/// What a journal entry means for the metrics: the counters of confirmed changes, remediation,
/// findings and anomalies, and the gauges of the last backup and reload. The journal is where these
/// facts are already decided, so counting them there keeps the metrics and the journal in step.
public enum EventMetrics {
    public static func updates(for event: JournalEvent, at now: Date) -> [MetricUpdate] {
        guard let kind = event.kind else { return [] }
        switch kind {
        case .checkCritical, .checkWarning, .checkUnknown, .checkRecovered, .checkHealthy:
            return labelled(.checkStateChanges, event, "CHECK", "STATUS", transform: { $0.lowercased() })
        case .remediationTriggered: return attempt(event, "triggered")
        case .remediationVerified: return attempt(event, "verified")
        case .remediationAttemptFailed: return attempt(event, "failed")
        case .remediationVerificationFailed: return attempt(event, "verification-failed")
        case .remediationSkipped: return labelled(.remediationSkipped, event, "PLAN", "SKIP_REASON")
        case .eventStoreAnomaly: return labelled(.eventStoreAnomalies, event, "CHECK", "ANOMALY")
        case .sampleDegraded, .sampleMemoryGrowth, .sampleMemoryLeak, .sampleCPU, .sampleFailed:
            return labelled(.sampleFindings, event, "OPERATION", "FINDING")
        case .backupFinished:
            var updates: [MetricUpdate] = [.set(.backupLastSuccess, labels: [], now.timeIntervalSince1970)]
            if let ms = event.value(of: "DURATION_MS").flatMap(Double.init) { updates.append(.set(.backupLastDuration, labels: [], ms / 1000)) }
            if let bytes = event.value(of: "BYTES").flatMap(Double.init) { updates.append(.set(.backupLastSize, labels: [], bytes)) }
            return updates
        case .backupFailed: return [.increment(.backupFailures, labels: [])]
        case .daemonStarted, .configReloaded:
            return [.set(.reloadSuccessful, labels: [], 1), .set(.reloadSuccessTimestamp, labels: [], now.timeIntervalSince1970)]
        case .configRejected: return [.set(.reloadSuccessful, labels: [], 0)]
        default: return []
        }
    }

    private static func attempt(_ event: JournalEvent, _ outcome: String) -> [MetricUpdate] {
        guard let plan = event.value(of: "PLAN") else { return [] }
        return [.increment(.remediationAttempts, labels: [plan, outcome])]
    }

    private static func labelled(_ family: MetricFamily, _ event: JournalEvent, _ first: String, _ second: String,
                                 transform: (String) -> String = { $0 }) -> [MetricUpdate] {
        guard let one = event.value(of: first), let two = event.value(of: second) else { return [] }
        return [.increment(family, labels: [one, transform(two)])]
    }
}
