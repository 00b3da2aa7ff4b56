import Foundation
import Testing
import VigilCore

@Suite struct FlapDetectorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var flapLow = FlapDetector.defaultFlapLow
        var flapHigh = FlapDetector.defaultFlapHigh
        var results: String
        /// What each step returns; steps not listed return nothing.
        var changes: [Int: FlapChange]
        /// The percent expected after some steps.
        var percents: [Int: Double]
        var flappingAtEnd: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a steady check never flaps", results: String(repeating: "H", count: 30),
             changes: [:], percents: [29: 0], flappingAtEnd: false),
        Case(name: "with fewer than 21 results the empty places count as no change", results: "HCHCHCH",
             changes: [6: .startedFlapping(33.9)], percents: [0: 0, 1: 5.9, 5: 28.5, 6: 33.9], flappingAtEnd: true),
        Case(name: "WARNING to CRITICAL is a change too", results: "WCWCWCW",
             changes: [6: .startedFlapping(33.9)], percents: [6: 33.9], flappingAtEnd: true),
        Case(name: "exactly flap_high does not start", results: "HCHCHHCCCCCCCCH",
             changes: [:], percents: [6: 28.1, 13: 24.6, 14: 30], flappingAtEnd: false),
        Case(name: "just above flap_high starts", results: "HCHCHHCCCCCCCH",
             changes: [13: .startedFlapping(30.5)], percents: [12: 25.1], flappingAtEnd: true),
        Case(name: "between the thresholds it keeps flapping; exactly flap_low too; below it stops",
             results: "HCCCCCCCCCHCHCHHHHHHHHH",
             changes: [14: .startedFlapping(33.1), 22: .stoppedFlapping(24.5)],
             percents: [13: 27.7, 20: 29.5, 21: 25], flappingAtEnd: false),
        Case(name: "thresholds are the operator's", flapLow: 22.5, flapHigh: 22.9, results: "HCHCHHH",
             changes: [4: .startedFlapping(23), 6: .stoppedFlapping(22.2)],
             percents: [3: 17.4, 5: 22.6], flappingAtEnd: false),
    ]

    @Test(arguments: cases) func rules(_ testCase: Case) {
        var detector = FlapDetector(flapLow: testCase.flapLow, flapHigh: testCase.flapHigh)
        for (step, status) in CheckStateTests.statuses(testCase.results).enumerated() {
            let change = detector.resultArrived(status, at: CheckStateTests.at(step))
            #expect(change == testCase.changes[step], "step \(step)")
            if let percent = testCase.percents[step] {
                #expect(detector.percent == percent, "step \(step)")
            }
        }
        #expect(detector.isFlapping == testCase.flappingAtEnd)
        #expect(detector.recent.count == min(testCase.results.count, FlapDetector.resultsConsidered))
    }

    @Test func startAndStopAreEachReportedOnce() {
        var detector = FlapDetector()
        var changes: [(step: Int, change: FlapChange)] = []
        let results = CheckStateTests.statuses(String(repeating: "HC", count: 20) + String(repeating: "H", count: 30))
        for (step, status) in results.enumerated() {
            if let change = detector.resultArrived(status, at: CheckStateTests.at(step)) {
                changes.append((step, change))
            }
        }
        #expect(changes.count == 2)
        #expect(changes.first?.step == 6)
        #expect(changes.first?.change == .startedFlapping(33.9))
        if case .stoppedFlapping(let percent)? = changes.last?.change {
            #expect(percent < FlapDetector.defaultFlapLow)
        } else {
            Issue.record("no stop: \(changes)")
        }
        #expect(!detector.isFlapping)
        #expect(detector.flappingSince == nil)
    }

    @Test func flappingSinceIsTheStart() throws {
        var detector = FlapDetector()
        for (step, status) in CheckStateTests.statuses("HCHCHCHCH").enumerated() {
            _ = detector.resultArrived(status, at: CheckStateTests.at(step))
        }
        #expect(detector.flappingSince == CheckStateTests.at(6))
        let restored = try JSONDecoder().decode(FlapDetector.self, from: JSONEncoder().encode(detector))
        #expect(restored == detector)
    }

    @Test(arguments: [("", 0.0), ("H", 0), ("HC", 5.9), ("CH", 5.9), ("HH", 0),
                      (String(repeating: "HC", count: 11), 99), (String(repeating: "HC", count: 30), 99),
                      ("C" + String(repeating: "H", count: 20), 4), (String(repeating: "H", count: 20) + "C", 5.9)] as [(String, Double)])
    func percentStateChange(results: String, percent: Double) {
        #expect(FlapDetector.percentStateChange(CheckStateTests.statuses(results)) == percent)
    }
}
