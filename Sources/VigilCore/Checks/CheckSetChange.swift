/// What a reload changes in the set of checks: unchanged checks keep their timers and state,
/// changed ones start afresh, removed ones stop, added ones start.
public struct CheckSetChange: Sendable, Equatable {
    public var added: [CheckDefinition]
    public var removed: [String]
    public var changed: [CheckDefinition]
    public var unchanged: [String]

    /// Compares the enabled checks of two configurations by name.
    public init(from old: [CheckDefinition], to new: [CheckDefinition]) {
        let oldByName = Dictionary(old.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newNames = Set(new.map(\.name))
        added = new.filter { oldByName[$0.name] == nil }
        changed = new.filter { check in oldByName[check.name].map { $0 != check } ?? false }
        unchanged = new.filter { oldByName[$0.name] == $0 }.map(\.name)
        removed = old.map(\.name).filter { !newNames.contains($0) }
    }

    /// For the journal: `1 added, 0 removed, 2 changed, 3 unchanged`.
    public var summary: String {
        "\(added.count) added, \(removed.count) removed, \(changed.count) changed, \(unchanged.count) unchanged"
    }
}
