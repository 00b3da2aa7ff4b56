import Foundation
import Testing
import VigilCore

@Suite struct CheckStateTests {
    /// The time of the `step`-th result: one a minute.
    static func at(_ step: Int) -> Date { Date(timeIntervalSince1970: 1_800_000_000 + 60 * Double(step)) }

    /// `H`EALTHY, `W`ARNING, `C`RITICAL, `U`NKNOWN.
    static func statuses(_ letters: String) -> [Status] {
        letters.map { letter in
            switch letter {
            case "H": .healthy
            case "W": .warning
            case "C": .critical
            default: .unknown
            }
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var policy = ConfirmationPolicy.default
        var results: String
        /// What each step returns; steps not listed return nothing.
        var changes: [Int: [StateChange]]
        var hard: Status
        var soft: Status?
        var testDescription: String { name }
    }

    static func soft(_ from: Status, _ to: Status) -> StateChange { .softChange(from: from, to: to) }
    static func confirmed(_ from: Status, _ to: Status, since step: Int) -> StateChange {
        .confirmed(from: from, to: to, since: at(step))
    }
    static func recovered(_ from: Status, since step: Int) -> StateChange { .recovered(from: from, since: at(step)) }

    static let cases: [Case] = [
        Case(name: "a first HEALTHY is soft from UNKNOWN and confirmed after K", results: "HH",
             changes: [0: [soft(.unknown, .healthy)], 1: [confirmed(.unknown, .healthy, since: 0)]],
             hard: .healthy),
        Case(name: "a blip never confirms", results: "HHCHH",
             changes: [0: [soft(.unknown, .healthy)], 1: [confirmed(.unknown, .healthy, since: 0)],
                       2: [soft(.healthy, .critical)], 3: [soft(.critical, .healthy)]],
             hard: .healthy),
        Case(name: "N-1 failures stay soft", results: "HHCC",
             changes: [0: [soft(.unknown, .healthy)], 1: [confirmed(.unknown, .healthy, since: 0)],
                       2: [soft(.healthy, .critical)]],
             hard: .healthy, soft: .critical),
        Case(name: "N failures confirm, since the first of them", results: "HHCCC",
             changes: [0: [soft(.unknown, .healthy)], 1: [confirmed(.unknown, .healthy, since: 0)],
                       2: [soft(.healthy, .critical)], 4: [confirmed(.healthy, .critical, since: 2)]],
             hard: .critical),
        Case(name: "K-1 HEALTHY results do not recover", results: "HHCCCH",
             changes: [0: [soft(.unknown, .healthy)], 1: [confirmed(.unknown, .healthy, since: 0)],
                       2: [soft(.healthy, .critical)], 4: [confirmed(.healthy, .critical, since: 2)],
                       5: [soft(.critical, .healthy)]],
             hard: .critical, soft: .healthy),
        Case(name: "K HEALTHY results recover", results: "HHCCCHH",
             changes: [0: [soft(.unknown, .healthy)], 1: [confirmed(.unknown, .healthy, since: 0)],
                       2: [soft(.healthy, .critical)], 4: [confirmed(.healthy, .critical, since: 2)],
                       5: [soft(.critical, .healthy)], 6: [recovered(.critical, since: 5)]],
             hard: .healthy),
        Case(name: "a dead target at start confirms CRITICAL after N", results: "CCC",
             changes: [0: [soft(.unknown, .critical)], 2: [confirmed(.unknown, .critical, since: 0)]],
             hard: .critical),
        Case(name: "UNKNOWN from the start is confirmed after N", results: "UUU",
             changes: [2: [confirmed(.unknown, .unknown, since: 0)]],
             hard: .unknown),
        Case(name: "UNKNOWN counts as failing; the mildest confirming status wins", results: "HHUUC",
             changes: [0: [soft(.unknown, .healthy)], 1: [confirmed(.unknown, .healthy, since: 0)],
                       2: [soft(.healthy, .unknown)],
                       4: [confirmed(.healthy, .unknown, since: 2), soft(.unknown, .critical)]],
             hard: .unknown, soft: .critical),
        Case(name: "WARNING then CRITICAL confirms WARNING, then CRITICAL after N CRITICAL", results: "HHWCCC",
             changes: [0: [soft(.unknown, .healthy)], 1: [confirmed(.unknown, .healthy, since: 0)],
                       2: [soft(.healthy, .warning)], 3: [soft(.warning, .critical)],
                       4: [confirmed(.healthy, .warning, since: 2)], 5: [confirmed(.warning, .critical, since: 3)]],
             hard: .critical),
        Case(name: "one WARNING amid CRITICALs changes nothing confirmed", results: "HHCCCWCC",
             changes: [0: [soft(.unknown, .healthy)], 1: [confirmed(.unknown, .healthy, since: 0)],
                       2: [soft(.healthy, .critical)], 4: [confirmed(.healthy, .critical, since: 2)],
                       5: [soft(.critical, .warning)], 6: [soft(.warning, .critical)]],
             hard: .critical),
        Case(name: "N milder failing results lower the confirmed status", results: "HHCCCWWW",
             changes: [0: [soft(.unknown, .healthy)], 1: [confirmed(.unknown, .healthy, since: 0)],
                       2: [soft(.healthy, .critical)], 4: [confirmed(.healthy, .critical, since: 2)],
                       5: [soft(.critical, .warning)], 7: [confirmed(.critical, .warning, since: 5)]],
             hard: .warning),
        Case(name: "interleaved results never confirm with fail_after", results: "HHCHCHCHC",
             changes: [0: [soft(.unknown, .healthy)], 1: [confirmed(.unknown, .healthy, since: 0)],
                       2: [soft(.healthy, .critical)], 3: [soft(.critical, .healthy)],
                       4: [soft(.healthy, .critical)], 5: [soft(.critical, .healthy)],
                       6: [soft(.healthy, .critical)], 7: [soft(.critical, .healthy)],
                       8: [soft(.healthy, .critical)]],
             hard: .healthy, soft: .critical),
        Case(name: "3 of 5 confirms through interleaved HEALTHY results", policy: .init(failure: .window(failures: 3, of: 5)),
             results: "HHCHCHC",
             changes: [0: [soft(.unknown, .healthy)], 1: [confirmed(.unknown, .healthy, since: 0)],
                       2: [soft(.healthy, .critical)], 3: [soft(.critical, .healthy)],
                       4: [soft(.healthy, .critical)], 5: [soft(.critical, .healthy)],
                       6: [confirmed(.healthy, .critical, since: 2)]],
             hard: .critical),
        Case(name: "2 failures within the last 5 are not 3 of 5", policy: .init(failure: .window(failures: 3, of: 5)),
             results: "HHCHHHCHC",
             changes: [0: [soft(.unknown, .healthy)], 1: [confirmed(.unknown, .healthy, since: 0)],
                       2: [soft(.healthy, .critical)], 3: [soft(.critical, .healthy)],
                       6: [soft(.healthy, .critical)], 7: [soft(.critical, .healthy)],
                       8: [soft(.healthy, .critical)]],
             hard: .healthy, soft: .critical),
        Case(name: "failures from before a recovery do not refill the window", policy: .init(failure: .window(failures: 2, of: 5)),
             results: "HHCCHHCC",
             changes: [0: [soft(.unknown, .healthy)], 1: [confirmed(.unknown, .healthy, since: 0)],
                       2: [soft(.healthy, .critical)], 3: [confirmed(.healthy, .critical, since: 2)],
                       4: [soft(.critical, .healthy)], 5: [recovered(.critical, since: 4)],
                       6: [soft(.healthy, .critical)], 7: [confirmed(.healthy, .critical, since: 6)]],
             hard: .critical),
        Case(name: "fail_after 1 and recover_after 1 confirm at once, without soft changes",
             policy: .init(failure: .consecutive(failAfter: 1), recoverAfter: 1),
             results: "HCH",
             changes: [0: [confirmed(.unknown, .healthy, since: 0)], 1: [confirmed(.healthy, .critical, since: 1)],
                       2: [recovered(.critical, since: 2)]],
             hard: .healthy),
        Case(name: "N failing results with a milder one among them confirm the milder", policy: .init(failure: .consecutive(failAfter: 2)),
             results: "HHCW",
             changes: [0: [soft(.unknown, .healthy)], 1: [confirmed(.unknown, .healthy, since: 0)],
                       2: [soft(.healthy, .critical)],
                       3: [confirmed(.healthy, .warning, since: 2)]],
             hard: .warning),
    ]

    @Test(arguments: cases) func rules(_ testCase: Case) {
        var state = CheckState(policy: testCase.policy)
        for (step, status) in Self.statuses(testCase.results).enumerated() {
            let changes = state.resultArrived(status, at: Self.at(step))
            #expect(changes == testCase.changes[step] ?? [], "step \(step)")
        }
        #expect(state.hard == testCase.hard)
        #expect(state.soft == testCase.soft)
        #expect(state.isSoft == (testCase.soft != nil))
    }

    @Test func nothingIsConfirmedBeforeTheFirstConfirmation() {
        var state = CheckState()
        #expect(!state.isConfirmed)
        #expect(state.isSoft)
        #expect(state.since == nil)
        _ = state.resultArrived(.critical, at: Self.at(0))
        _ = state.resultArrived(.critical, at: Self.at(1))
        #expect(!state.isConfirmed)
        #expect(state.hard == .unknown)
        #expect(state.soft == .critical)
        _ = state.resultArrived(.critical, at: Self.at(2))
        #expect(state.isConfirmed)
        #expect(state.since == Self.at(0))
        #expect(!state.isSoft)
    }

    @Test(arguments: [(ConfirmationPolicy.default, 21),
                      (ConfirmationPolicy(failure: .window(failures: 3, of: 40)), 40),
                      (ConfirmationPolicy(failure: .consecutive(failAfter: 30)), 30),
                      (ConfirmationPolicy(recoverAfter: 25), 25)])
    func historyIsBounded(policy: ConfirmationPolicy, capacity: Int) {
        var state = CheckState(policy: policy)
        func status(_ step: Int) -> Status { step.isMultiple(of: 2) ? .healthy : .warning }
        for step in 0..<100 {
            _ = state.resultArrived(status(step), at: Self.at(step))
        }
        #expect(policy.historyCapacity == capacity)
        #expect(state.history.count == capacity)
        #expect(state.history.last == StatusSample(.warning, at: Self.at(99)))
        #expect(state.history.first == StatusSample(status(100 - capacity), at: Self.at(100 - capacity)))
    }

    @Test func aPersistedStateContinuesWhereItStopped() throws {
        var original = CheckState()
        for (step, status) in Self.statuses("HHCC").enumerated() {
            _ = original.resultArrived(status, at: Self.at(step))
        }
        let data = try JSONEncoder().encode(original)
        var restored = try JSONDecoder().decode(CheckState.self, from: data)
        #expect(restored == original)
        let expected = original.resultArrived(.critical, at: Self.at(4))
        #expect(restored.resultArrived(.critical, at: Self.at(4)) == expected)
        #expect(expected == [.confirmed(from: .healthy, to: .critical, since: Self.at(2))])
    }

    @Test func aReloadedPolicyAppliesToTheKeptHistory() {
        var state = CheckState()
        for (step, status) in Self.statuses("HHCC").enumerated() {
            _ = state.resultArrived(status, at: Self.at(step))
        }
        state.policy = ConfirmationPolicy(failure: .consecutive(failAfter: 5))
        #expect(state.resultArrived(.critical, at: Self.at(4)).isEmpty)
        #expect(state.resultArrived(.critical, at: Self.at(5)).isEmpty)
        #expect(state.resultArrived(.critical, at: Self.at(6)) == [.confirmed(from: .healthy, to: .critical, since: Self.at(2))])
    }
}
