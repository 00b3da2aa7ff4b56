import TOMLKit
import VigilCore

/// A check's decision keys: how its status is confirmed, when it flaps, what it depends on and
/// which plan remedies it.
struct DecisionKeys: Sendable {
    var confirmation = ConfirmationPolicy.default
    var flapping = FlapThresholds.default
    var dependsOn: [String] = []
    var remediation: String?
}

/// Reads the decision keys of one `[[check]]`; references to other checks and to plans are checked
/// across files by ConfigurationAssembler.
enum DecisionKeysDecoder {
    static let keys = ["fail_after", "fail_window", "recover_after", "flap_low", "flap_high", "depends_on", "remediation"]

    /// The most results a confirmation rule may look at: each check keeps that many in memory and on disk.
    static let maximumResults = 100

    /// The keys as read; fields whose key was wrong keep their defaults (the caller sees the errors).
    static func decode(_ reader: inout TableReader, checkName: String?, _ diagnostics: inout Diagnostics) -> DecisionKeys {
        var keys = DecisionKeys()
        let scope = reader.scope
        let results = 1...maximumResults

        let failAfter = reader.integer("fail_after", in: results, &diagnostics)
        let failWindow = readFailWindow(&reader, &diagnostics)
        if reader.contains("fail_after"), reader.contains("fail_window") {
            diagnostics.report(scope, key: "fail_window", "give fail_after or fail_window, not both")
        } else if let failWindow {
            keys.confirmation.failure = .window(failures: failWindow.failures, of: failWindow.of)
        } else if let failAfter {
            keys.confirmation.failure = .consecutive(failAfter: failAfter)
        }
        if let recoverAfter = reader.integer("recover_after", in: results, &diagnostics) {
            keys.confirmation.recoverAfter = recoverAfter
        }

        let flapLow = readPercent("flap_low", &reader, &diagnostics)
        let flapHigh = readPercent("flap_high", &reader, &diagnostics)
        let low = flapLow ?? FlapThresholds.default.low, high = flapHigh ?? FlapThresholds.default.high
        if low >= high, flapLow != nil || flapHigh != nil {
            if let flapLow {
                let bound = NumberText.format(high) + (flapHigh == nil ? ", the default" : "")
                diagnostics.report(scope, key: "flap_low", "must be below flap_high (\(bound)), got \(NumberText.format(flapLow))")
            } else {
                diagnostics.report(scope, key: "flap_high",
                                   "must be above flap_low (\(NumberText.format(low)), the default), got \(NumberText.format(high))")
            }
        } else {
            keys.flapping = FlapThresholds(low: low, high: high)
        }

        if let dependsOn = reader.stringArray("depends_on", &diagnostics) {
            for (index, parent) in dependsOn.enumerated() {
                if parent == checkName {
                    diagnostics.report(scope, key: "depends_on[\(index)]", "a check cannot depend on itself")
                } else if dependsOn[..<index].contains(parent) {
                    diagnostics.report(scope, key: "depends_on[\(index)]", "\(ValueText.quoted(parent)) is listed twice")
                }
            }
            keys.dependsOn = dependsOn
        }

        if let remediation = reader.string("remediation", &diagnostics) {
            if remediation.isEmpty {
                diagnostics.report(scope, key: "remediation", "must not be empty")
            } else {
                keys.remediation = remediation
            }
        }
        return keys
    }

    /// `fail_window = "N of M"`: N failures among the last M results.
    private static func readFailWindow(_ reader: inout TableReader,
                                       _ diagnostics: inout Diagnostics) -> (failures: Int, of: Int)? {
        guard let value = reader.value("fail_window") else { return nil }
        let scope = reader.scope
        guard let text = value.string else {
            reader.reportType("fail_window", expected: "a string such as \"3 of 5\"", got: value, &diagnostics)
            return nil
        }
        let words = text.split(whereSeparator: \.isWhitespace)
        guard words.count == 3, words[1] == "of", let failures = Int(words[0]), let of = Int(words[2]) else {
            diagnostics.report(scope, key: "fail_window", "expected \"N of M\" such as \"3 of 5\", got \(ValueText.quoted(text))")
            return nil
        }
        if failures < 1 {
            diagnostics.report(scope, key: "fail_window", "needs at least 1 failure, got \(ValueText.quoted(text))")
        } else if failures > of {
            diagnostics.report(scope, key: "fail_window",
                               "asks for more failures than results (N must not exceed M), got \(ValueText.quoted(text))")
        } else if of > maximumResults {
            diagnostics.report(scope, key: "fail_window",
                               "looks at most \(maximumResults) results back, got \(ValueText.quoted(text))")
        } else {
            return (failures, of)
        }
        return nil
    }

    /// A percent of state change, 0…100.
    private static func readPercent(_ key: String, _ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> Double? {
        guard let value = reader.value(key) else { return nil }
        guard let number = TableReader.number(value) else {
            reader.reportType(key, expected: "a number from 0 to 100", got: value, &diagnostics)
            return nil
        }
        guard number.isFinite, (0...100).contains(number) else {
            diagnostics.report(reader.scope, key: key, "must be a number from 0 to 100, got \(NumberText.format(number))")
            return nil
        }
        return number
    }
}
