/// The report as aligned lines for a terminal: what `vigil check` prints by default.
extension HealthReport {
    public var text: String {
        let nameWidth = max(checks.map(\.name.count).max() ?? 0, 5)
        let kindWidth = max(checks.map(\.kind.count).max() ?? 0, 4)
        func pad(_ text: String, _ width: Int) -> String {
            text + String(repeating: " ", count: max(width - text.count, 0))
        }
        var lines = checks.map { check in
            [pad(check.status.rawValue, 8), pad(check.name, nameWidth), pad(check.kind, kindWidth),
             pad("\(NumberText.format(check.durationMs.rounded())) ms", 9), check.message].joined(separator: "  ")
        }
        lines.append(statusLine)
        return lines.joined(separator: "\n")
    }
}
