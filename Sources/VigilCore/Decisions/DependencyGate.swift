/// Why a check is suppressed: an ancestor in `depends_on` is confirmed CRITICAL.
public struct Suppression: Equatable, Sendable {
    /// The CRITICAL ancestor that is the root cause.
    public var dependency: String
    /// The checks from the suppressed one's parent up to `dependency`, in order.
    public var path: [String]
    public var dependencyStatus: Status

    public init(dependency: String, path: [String], dependencyStatus: Status) {
        self.dependency = dependency
        self.path = path
        self.dependencyStatus = dependencyStatus
    }

    /// The journal's `REASON`: `dependency database is CRITICAL`, plus the checks in between
    /// when it is not a direct parent: `dependency database is CRITICAL (through api)`.
    public var reason: String {
        let between = path.dropLast()
        let through = between.isEmpty ? "" : " (through \(between.joined(separator: " → ")))"
        return "dependency \(dependency) is \(dependencyStatus.rawValue)\(through)"
    }
}

/// A loop in `depends_on`, which makes the configuration invalid.
public struct DependencyCycle: Equatable, Sendable, CustomStringConvertible {
    /// The checks around the loop, each depending on the next, starting and ending with the same
    /// name: `["a", "b", "a"]` means a depends on b and b on a.
    public var path: [String]

    public init(path: [String]) {
        self.path = path
    }

    /// `a → b → c → a`
    public var description: String { path.joined(separator: " → ") }
}

/// Decides which checks are suppressed because something they depend on is down, so that a dead
/// database pages once rather than once per check behind it.
///
/// Only a confirmed CRITICAL ancestor suppresses (a soft or WARNING one does not); the relation is
/// transitive, and the reason names the root cause: the nearest CRITICAL ancestor that is not itself
/// suppressed. Names without an entry in `confirmed` are treated as not CRITICAL.
public struct DependencyGate: Equatable, Sendable {
    /// Each check's `depends_on`, in the order the operator wrote it.
    public var dependsOn: [String: [String]]

    public init(dependsOn: [String: [String]]) {
        self.dependsOn = dependsOn
    }

    /// Why `check` is suppressed given every check's confirmed status, or `nil` when it is not.
    public func suppression(of check: String, confirmed: [String: Status]) -> Suppression? {
        let ancestors = ancestorsNearestFirst(of: check)
        let critical = ancestors.filter { confirmed[$0.name] == .critical }
        guard let firstCritical = critical.first else { return nil }
        let rootCause = critical.first { candidate in
            !ancestorsNearestFirst(of: candidate.name).contains { confirmed[$0.name] == .critical }
        } ?? firstCritical
        return Suppression(dependency: rootCause.name, path: rootCause.path, dependencyStatus: .critical)
    }

    /// Every ancestor of `check`, breadth first (so nearest first, then in `depends_on` order),
    /// each with the shortest path to it; safe on cyclic input.
    private func ancestorsNearestFirst(of check: String) -> [(name: String, path: [String])] {
        var found: [(name: String, path: [String])] = []
        var seen: Set<String> = [check]
        var frontier: [(name: String, path: [String])] = [(check, [])]
        while !frontier.isEmpty {
            var next: [(name: String, path: [String])] = []
            for node in frontier {
                for parent in dependsOn[node.name] ?? [] where !seen.contains(parent) {
                    seen.insert(parent)
                    next.append((parent, node.path + [parent]))
                }
            }
            found += next
            frontier = next
        }
        return found
    }

    /// The loops in `dependsOn`: one per back edge of a depth-first search (checks visited in name
    /// order, parents in written order), each rotated to start at its smallest name. Every knot of
    /// mutually dependent checks is reported at least once; none at all means the graph is acyclic.
    public static func cycles(in dependsOn: [String: [String]]) -> [DependencyCycle] {
        enum Mark { case onPath, done }
        var marks: [String: Mark] = [:]
        var path: [String] = []
        var cycles: [DependencyCycle] = []

        func visit(_ node: String) {
            marks[node] = .onPath
            path.append(node)
            for parent in dependsOn[node] ?? [] {
                switch marks[parent] {
                case .onPath:
                    let loop = Array(path[path.lastIndex(of: parent)!...])
                    let start = loop.indices.min { loop[$0] < loop[$1] }!
                    let rotated = Array(loop[start...] + loop[..<start])
                    let cycle = DependencyCycle(path: rotated + [rotated[0]])
                    if !cycles.contains(cycle) { cycles.append(cycle) }
                case .done:
                    break
                case nil:
                    visit(parent)
                }
            }
            path.removeLast()
            marks[node] = .done
        }

        for node in dependsOn.keys.sorted() where marks[node] == nil {
            visit(node)
        }
        return cycles
    }
}
