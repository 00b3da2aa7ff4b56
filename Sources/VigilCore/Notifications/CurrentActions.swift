import FoundationEssentials

/// The template's `{current_actions}`: what Vigil is doing about an incident's checks, from the
/// remediation plans they name (running, waiting out a backoff, stopped until `vigil resume`).
public enum CurrentActions {
    /// One line per plan of the incident's checks; `""` when none of them has a plan.
    public static func text(for incident: Incident, planOfCheck: [String: String], plans: [DecisionSnapshot.PlanView],
                            at now: Date) -> String {
        let names = Set(incident.checkNames.compactMap { planOfCheck[$0] })
        return plans.filter { names.contains($0.plan) }.sorted { ($0.plan, $0.target) < ($1.plan, $1.target) }.map { view in
            let attempts = "\(view.budgetLeft) of \(view.maxAttempts) attempts left"
            let subject = view.target == view.plan ? "plan \(view.plan)" : "plan \(view.plan) on \(view.target)"
            if let running = view.running {
                return "- \(subject): attempt \(running.attempt) running for \(running.check), \(running.phase)"
            }
            if let stopped = view.stoppedSince {
                return "- \(subject): stopped since \(WallClock.text(stopped)), its budget spent; "
                    + "it acts again after `vigil resume \(view.plan)` or a healthy stretch"
            }
            if let next = view.nextAllowedAt, next > now {
                return "- \(subject): waiting out its backoff until \(WallClock.text(next)) (\(attempts))"
            }
            return "- \(subject): \(view.mode == .dryRun ? "dry-run, deciding only" : "ready") (\(attempts))"
        }.joined(separator: "\n")
    }
}
