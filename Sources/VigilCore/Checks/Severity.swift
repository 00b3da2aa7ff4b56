/// The seed's escalation priority of a check: P0 pages people at once, P3 waits for office hours.
public enum Severity: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    case p0 = "P0"
    case p1 = "P1"
    case p2 = "P2"
    case p3 = "P3"

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
