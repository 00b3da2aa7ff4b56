import Foundation
import Testing
import VigilCore

@Suite struct ConfirmationPolicyTests {
    @Test func defaultsAreThreeFailuresAndTwoRecoveries() {
        let policy = ConfirmationPolicy()
        #expect(policy == .default)
        #expect(policy.failure == .consecutive(failAfter: 3))
        #expect(policy.recoverAfter == 2)
        #expect(policy.failuresNeeded == 3)
        #expect(policy.failureWindow == 3)
        #expect(policy.successesNeeded == 2)
        #expect(policy.problems.isEmpty)
    }

    @Test(arguments: [
        (ConfirmationPolicy(failure: .window(failures: 3, of: 5)), 3, 5, [String]()),
        (ConfirmationPolicy(failure: .window(failures: 5, of: 5)), 5, 5, []),
        (ConfirmationPolicy(failure: .window(failures: 6, of: 5)), 6, 6,
         ["fail_window \"6 of 5\" asks for more failures than results"]),
        (ConfirmationPolicy(failure: .window(failures: 0, of: 5)), 1, 5, ["fail_window needs at least 1 failure, not 0"]),
        (ConfirmationPolicy(failure: .consecutive(failAfter: 0)), 1, 1, ["fail_after must be at least 1, not 0"]),
        (ConfirmationPolicy(failure: .consecutive(failAfter: 1), recoverAfter: 0), 1, 1,
         ["recover_after must be at least 1, not 0"]),
    ])
    func windowsAndProblems(policy: ConfirmationPolicy, needed: Int, window: Int, problems: [String]) {
        #expect(policy.failuresNeeded == needed)
        #expect(policy.failureWindow == window)
        #expect(policy.problems == problems)
    }

    @Test func roundTripsThroughJSON() throws {
        for policy in [ConfirmationPolicy(), ConfirmationPolicy(failure: .window(failures: 2, of: 4), recoverAfter: 5)] {
            let decoded = try JSONDecoder().decode(ConfirmationPolicy.self, from: JSONEncoder().encode(policy))
            #expect(decoded == policy)
        }
    }
}
