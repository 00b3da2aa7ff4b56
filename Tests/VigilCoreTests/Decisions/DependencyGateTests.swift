import Testing
import VigilCore

@Suite struct DependencyGateTests {
    /// web → api → database, api → cache, worker → database, report → api and worker.
    static let gate = DependencyGate(dependsOn: [
        "web": ["api"], "api": ["database", "cache"], "worker": ["database"], "report": ["api", "worker"],
        "database": [], "cache": [], "orphan": ["ghost"],
    ])

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var check: String
        var confirmed: [String: Status]
        var reason: String?
        var path: [String]?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a CRITICAL parent suppresses", check: "api", confirmed: ["database": .critical],
             reason: "dependency database is CRITICAL", path: ["database"]),
        Case(name: "a CRITICAL grandparent suppresses, named with the check in between", check: "web",
             confirmed: ["database": .critical, "api": .healthy],
             reason: "dependency database is CRITICAL (through api)", path: ["api", "database"]),
        Case(name: "the root cause is named, not the nearest CRITICAL", check: "web",
             confirmed: ["database": .critical, "api": .critical],
             reason: "dependency database is CRITICAL (through api)", path: ["api", "database"]),
        Case(name: "a CRITICAL parent whose own parents are fine is the root cause", check: "web",
             confirmed: ["api": .critical, "database": .healthy],
             reason: "dependency api is CRITICAL", path: ["api"]),
        Case(name: "the shortest path is named when there are several", check: "report",
             confirmed: ["database": .critical],
             reason: "dependency database is CRITICAL (through api)", path: ["api", "database"]),
        Case(name: "a recovered parent suppresses nothing", check: "web",
             confirmed: ["database": .healthy, "api": .healthy], reason: nil, path: nil),
        Case(name: "WARNING and UNKNOWN parents do not suppress", check: "web",
             confirmed: ["database": .warning, "api": .unknown, "cache": .warning], reason: nil, path: nil),
        Case(name: "a check's own CRITICAL does not suppress it", check: "database",
             confirmed: ["database": .critical], reason: nil, path: nil),
        Case(name: "a sibling's CRITICAL does not suppress", check: "worker",
             confirmed: ["cache": .critical], reason: nil, path: nil),
        Case(name: "a dependency without a status is not CRITICAL", check: "orphan",
             confirmed: [:], reason: nil, path: nil),
    ]

    @Test(arguments: cases) func suppression(_ testCase: Case) {
        let suppression = Self.gate.suppression(of: testCase.check, confirmed: testCase.confirmed)
        #expect(suppression?.reason == testCase.reason)
        #expect(suppression?.path == testCase.path)
        #expect(suppression?.dependency == testCase.path?.last)
    }

    @Test func suppressionFollowsTheParentsStatus() {
        var confirmed: [String: Status] = ["database": .critical]
        #expect(Self.gate.suppression(of: "web", confirmed: confirmed) != nil)
        confirmed["database"] = .healthy
        #expect(Self.gate.suppression(of: "web", confirmed: confirmed) == nil)
    }

    @Test func aCyclicGraphDoesNotHang() {
        let gate = DependencyGate(dependsOn: ["a": ["b"], "b": ["a"]])
        #expect(gate.suppression(of: "a", confirmed: ["b": .critical])?.reason == "dependency b is CRITICAL")
        #expect(gate.suppression(of: "a", confirmed: ["a": .critical, "b": .critical])?.dependency == "b")
    }

    @Test(arguments: [
        ("no dependencies", [String: [String]](), [String]()),
        ("a chain", ["a": ["b"], "b": ["c"]], []),
        ("shared ancestors (a diamond)", ["top": ["left", "right"], "left": ["base"], "right": ["base"], "base": []], []),
        ("a self-loop", ["a": ["a"]], ["a → a"]),
        ("a 2-cycle", ["a": ["b"], "b": ["a"]], ["a → b → a"]),
        ("a 3-cycle", ["a": ["b"], "b": ["c"], "c": ["a"]], ["a → b → c → a"]),
        ("a 3-cycle is named from its smallest check, in depends_on direction", ["c": ["b"], "b": ["a"], "a": ["c"]],
         ["a → c → b → a"]),
        ("a cycle reached through a tail", ["x": ["a"], "a": ["b"], "b": ["a"]], ["a → b → a"]),
        ("two separate cycles", ["a": ["b"], "b": ["a"], "m": ["n"], "n": ["o"], "o": ["m"], "z": ["z"]],
         ["a → b → a", "m → n → o → m", "z → z"]),
        ("a dependency on an undeclared check", ["a": ["ghost"]], []),
    ])
    func cycles(name: String, dependsOn: [String: [String]], expected: [String]) {
        #expect(DependencyGate.cycles(in: dependsOn).map(\.description) == expected, "\(name)")
    }

    @Test func aCycleIsAPathThatEndsWhereItStarts() {
        let cycle = DependencyGate.cycles(in: ["b": ["c"], "c": ["b"]]).first
        #expect(cycle?.path == ["b", "c", "b"])
    }
}
