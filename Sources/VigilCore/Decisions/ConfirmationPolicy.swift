/// How many results it takes before a check's status counts as confirmed (hard): the operator's
/// `fail_after = N` or `fail_window = "N of M"`, plus `recover_after = K`.
///
/// Confirmation is what keeps a single blip from opening an incident or starting a remediation.
public struct ConfirmationPolicy: Codable, Equatable, Sendable {
    /// When failing (non-HEALTHY) results confirm a failing status.
    public enum FailureRule: Codable, Equatable, Sendable {
        /// `fail_after = N`: the last N results are all non-HEALTHY.
        case consecutive(failAfter: Int)
        /// `fail_window = "N of M"`: at least N of the last M results are non-HEALTHY.
        case window(failures: Int, of: Int)
    }

    public static let defaultFailAfter = 3
    public static let defaultRecoverAfter = 2

    public var failure: FailureRule
    /// `recover_after = K`: the last K results are all HEALTHY.
    public var recoverAfter: Int

    public init(failure: FailureRule = .consecutive(failAfter: ConfirmationPolicy.defaultFailAfter),
                recoverAfter: Int = ConfirmationPolicy.defaultRecoverAfter) {
        self.failure = failure
        self.recoverAfter = recoverAfter
    }

    public static let `default` = ConfirmationPolicy()

    /// N: how many failing results confirm a failing status (values below 1 act as 1).
    public var failuresNeeded: Int {
        switch failure {
        case .consecutive(let failAfter): max(1, failAfter)
        case .window(let failures, _): max(1, failures)
        }
    }

    /// How many of the latest results are looked at for failures: N for `fail_after`, M for `fail_window`.
    public var failureWindow: Int {
        switch failure {
        case .consecutive: failuresNeeded
        case .window(_, let of): max(failuresNeeded, of)
        }
    }

    /// K: how many HEALTHY results in a row confirm recovery (values below 1 act as 1).
    public var successesNeeded: Int { max(1, recoverAfter) }

    /// How many results a check keeps: enough for every rule here and for the 21 that flap
    /// detection and `vigil status` look at.
    public var historyCapacity: Int { max(failureWindow, successesNeeded, 21) }

    /// What is wrong with the policy as written, in the operator's key names; empty when it is usable.
    public var problems: [String] {
        var problems: [String] = []
        switch failure {
        case .consecutive(let failAfter) where failAfter < 1:
            problems.append("fail_after must be at least 1, not \(failAfter)")
        case .window(let failures, let of):
            if failures < 1 { problems.append("fail_window needs at least 1 failure, not \(failures)") }
            if failures > of { problems.append("fail_window \"\(failures) of \(of)\" asks for more failures than results") }
        default:
            break
        }
        if recoverAfter < 1 { problems.append("recover_after must be at least 1, not \(recoverAfter)") }
        return problems
    }
}
