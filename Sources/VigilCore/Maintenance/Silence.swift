import FoundationEssentials

/// A silence laid on checks at run time by `vigil silence`: like a maintenance window, once, from
/// when it was asked for until `until`; kept in `<state_dir>/silences.json` until it ends.
public struct Silence: Sendable, Equatable, Codable {
    /// `SIL-YYYYMMDD-NNNN`: the UTC day it was made and a per-day counter.
    public var id: String
    /// The checks it silences; empty means every check.
    public var checks: [String]
    public var from: Date
    public var until: Date
    public var reason: String
    /// Who asked for it (`--by`, else the invoking user).
    public var by: String
    public var createdAt: Date
    /// The token of the `vigil silence` request that made it, so the command can find it in status.json.
    public var request: String?

    public init(id: String, checks: [String], from: Date, until: Date, reason: String, by: String, createdAt: Date,
                request: String? = nil) {
        self.id = id
        self.checks = checks
        self.from = from
        self.until = until
        self.reason = reason
        self.by = by
        self.createdAt = createdAt
        self.request = request
    }

    public func covers(_ check: String) -> Bool {
        checks.isEmpty || checks.contains(check)
    }

    public func isActive(at date: Date) -> Bool {
        from <= date && date < until
    }

    /// The `number`th id of the UTC day of `date`: `SIL-20270115-0001`.
    public static func id(madeOn date: Date, number: Int) -> String {
        "SIL-" + CompactUTC.stamp(date).prefix(8) + "-" + NumberText.zeroPadded(number, width: 4)
    }

    /// The next free id of `date`'s day, counting after every id in `taken` of the same day.
    public static func nextID(madeOn date: Date, after taken: [String]) -> String {
        let prefix = id(madeOn: date, number: 0).dropLast(4)
        let highest = taken.filter { $0.hasPrefix(prefix) }.compactMap { Int($0.dropFirst(prefix.count)) }.max() ?? 0
        return id(madeOn: date, number: highest + 1)
    }

    /// `SIL-YYYYMMDD-NNNN` and nothing else.
    public static func isID(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == "SIL" && parts[1].count == 8 && parts[2].count >= 4 && parts[2].count <= 9
            && parts[1].allSatisfy { $0.isASCII && $0.isNumber } && parts[2].allSatisfy { $0.isASCII && $0.isNumber }
    }
}
