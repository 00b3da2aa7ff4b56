import FoundationEssentials

/// Turns what a probe saw into a verdict: the seed's rules plus the configured thresholds.
public enum CheckEvaluator {
    /// A probe that threw or ran past its deadline is CRITICAL with the error as its message;
    /// otherwise the worse of the probe's own verdict and the worst threshold breach wins.
    public static func result(for check: CheckDefinition, outcome: ProbeOutcome, duration: Duration,
                              at timestamp: Date) -> CheckResult {
        let durationMs = Double(duration.components.seconds) * 1000
            + Double(duration.components.attoseconds) / 1e15
        func make(_ status: Status, _ message: String, _ observation: Observation? = nil,
                  _ breach: ThresholdBreach? = nil) -> CheckResult {
            CheckResult(name: check.name, kind: check.kind.name, status: status, message: message,
                        durationMs: durationMs, metrics: observation?.metrics ?? [:], timestamp: timestamp,
                        breach: breach, units: observation?.units ?? [:], issues: observation?.issues ?? [])
        }
        switch outcome {
        case .failed(let error):
            return make(.critical, "check failed: \(error)")
        case .timedOut(let after):
            return make(.critical, "timed out after \(DurationText.format(after))")
        case .observed(let observation):
            guard let breach = check.thresholds.worstBreach(in: observation.metrics),
                  breach.status.badness > observation.status.badness
            else {
                return make(observation.status, observation.message, observation)
            }
            let message = observation.message.isEmpty ? breach.description : "\(breach.description) (\(observation.message))"
            return make(breach.status, message, observation, breach)
        }
    }
}
