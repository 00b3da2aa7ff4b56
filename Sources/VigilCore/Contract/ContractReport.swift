/// A contract check's verdict: CRITICAL on any violation of the document or any breaking drift
/// from the baseline, each named in the issues; HEALTHY with what was exercised otherwise.
public enum ContractReport {
    public static func observation(operations: Int, violations: [ContractViolation], drift: [ContractChange]?, shown: Int = 3) -> Observation {
        let breaking = drift?.filter(\.breaking) ?? []
        var metrics = ["violations": Double(violations.count), "operations": Double(operations)]
        if drift != nil { metrics["breaking_changes"] = Double(breaking.count) }
        let issues = violations.map(\.description) + breaking.map { "breaking change from the baseline: \($0)" }
        guard issues.isEmpty else {
            var parts: [String] = []
            if !violations.isEmpty { parts.append(NumberText.counted(violations.count, "violation")) }
            if !breaking.isEmpty { parts.append(NumberText.counted(breaking.count, "breaking change") + " from the baseline") }
            var message = parts.joined(separator: " and ") + ": " + issues.prefix(shown).joined(separator: "; ")
            if issues.count > shown { message += " (and \(issues.count - shown) more)" }
            return Observation(status: .critical, message: message, metrics: metrics, issues: issues)
        }
        var parts: [String] = []
        if operations > 0 { parts.append("\(NumberText.counted(operations, "operation")) conform to the document") }
        if let drift {
            let compatible = drift.count
            parts.append("the live document keeps the baseline's contract" + (compatible == 0 ? "" : " (\(NumberText.counted(compatible, "compatible change")))"))
        }
        return Observation(message: parts.joined(separator: "; "), metrics: metrics)
    }
}
