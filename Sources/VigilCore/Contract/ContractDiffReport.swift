/// What `vigil contract diff` prints: the breaking changes apart from the compatible ones.
public struct ContractDiffReport: Sendable, Equatable, Codable {
    public var old: String
    public var new: String
    public var breaking: [ContractChange]
    public var compatible: [ContractChange]

    public init(old: String, new: String, changes: [ContractChange]) {
        self.old = old
        self.new = new
        breaking = changes.filter(\.breaking)
        compatible = changes.filter { !$0.breaking }
    }

    public var text: String {
        var lines = ["\(old) -> \(new): \(NumberText.counted(breaking.count, "breaking change")), \(compatible.count) compatible"]
        for (title, changes) in [("Breaking", breaking), ("Compatible", compatible)] where !changes.isEmpty {
            lines.append("")
            lines.append("\(title):")
            lines += changes.map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}
