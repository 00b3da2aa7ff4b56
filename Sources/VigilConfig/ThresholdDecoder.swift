import TOMLKit
import VigilCore

/// Turns a check's `warning = { ... }` and `critical = { ... }` tables into thresholds, refusing any
/// pair that could never fire in the right order.
enum ThresholdDecoder {
    /// `kind` is `nil` when the check's kind is itself invalid: values are still checked, names are not.
    static func decode(kind: String?, warning: TOMLTable?, critical: TOMLTable?, scope: ErrorScope,
                       _ diagnostics: inout Diagnostics) -> [MetricThreshold]? {
        let errorsBefore = diagnostics.count
        let known = kind.flatMap { CheckKind.metrics(ofKind: $0) }
        let warnings = warning.map { limits(in: $0, level: "warning", kind: kind, known: known, scope, &diagnostics) } ?? [:]
        let criticals = critical.map { limits(in: $0, level: "critical", kind: kind, known: known, scope, &diagnostics) } ?? [:]

        var thresholds: [MetricThreshold] = []
        for metric in Set(warnings.keys).union(criticals.keys).sorted() {
            let warningValue = warnings[metric], criticalValue = criticals[metric]
            let direction: MetricDirection
            if let knownDirection = known?[metric] {
                direction = knownDirection
            } else if let warningValue, let criticalValue {
                // A plugin's own metric: its direction is whatever the operator's two limits say.
                guard warningValue != criticalValue else {
                    diagnostics.report(scope, key: "warning.\(metric)",
                                       "must differ from critical (\(NumberText.format(criticalValue))): "
                                       + "the direction of a command metric is inferred from which limit is higher")
                    continue
                }
                direction = warningValue < criticalValue ? .higherIsWorse : .lowerIsWorse
            } else {
                direction = .higherIsWorse
            }
            if let warningValue, let criticalValue, !direction.isLessSevere(warningValue, than: criticalValue) {
                let (relation, worse) = direction == .higherIsWorse ? ("lower", "higher") : ("higher", "lower")
                diagnostics.report(scope, key: "warning.\(metric)",
                                   "must be \(relation) than critical (\(NumberText.format(criticalValue))) because a "
                                   + "\(worse) \(metric) is worse, got \(NumberText.format(warningValue))")
                continue
            }
            thresholds.append(MetricThreshold(metric: metric, direction: direction,
                                              warning: warningValue, critical: criticalValue))
        }
        return diagnostics.count == errorsBefore ? thresholds : nil
    }

    /// The valid limits of one level, by metric; every invalid one is reported.
    private static func limits(in table: TOMLTable, level: String, kind: String?, known: [String: MetricDirection]?,
                               _ scope: ErrorScope, _ diagnostics: inout Diagnostics) -> [String: Double] {
        let reader = TableReader(table, scope: scope, keyPrefix: "\(level).")
        var limits: [String: Double] = [:]
        for (metric, value) in reader.entries {
            let key = reader.displayKey(metric)
            if let kind, let known, known[metric] == nil {
                let valid = known.keys.sorted()
                if valid.isEmpty {
                    diagnostics.report(scope, key: key, "kind \(kind) has no metrics to set thresholds on")
                } else {
                    diagnostics.report(scope, key: key, "unknown metric for kind \(kind)"
                                       + KeySuggestion.hint(for: metric, among: valid)
                                       + " (valid: \(valid.joined(separator: ", ")))")
                }
                continue
            }
            guard let number = TableReader.number(value) else {
                diagnostics.report(scope, key: key, "expected a number, got \(ValueText.typeName(value.type))")
                continue
            }
            guard number.isFinite else {
                diagnostics.report(scope, key: key, "must be a finite number, got \(number)")
                continue
            }
            guard number >= 0 else {
                diagnostics.report(scope, key: key, "must not be negative, got \(NumberText.format(number))")
                continue
            }
            if metric.hasSuffix("_percent"), number > 100 {
                diagnostics.report(scope, key: key, "must be a percentage from 0 to 100, got \(NumberText.format(number))")
                continue
            }
            limits[metric] = number
        }
        return limits
    }
}
