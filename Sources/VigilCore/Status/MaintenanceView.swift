import FoundationEssentials

/// A maintenance window or silence in force, as `status.json`, `vigil status` and
/// `vigil silence --list` show it.
public struct MaintenanceView: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable { case window, silence }

    public var kind: Kind
    /// The window's name or the silence's id.
    public var name: String
    /// The checks covered; empty means every check.
    public var checks: [String]
    public var from: Date
    public var until: Date
    public var reason: String?
    public var by: String?
    /// The token of the `vigil silence` request that made a silence.
    public var request: String?

    public init(_ cover: MaintenanceCalendar.Cover, request: String? = nil) {
        switch cover.source {
        case .window: kind = .window
        case .silence: kind = .silence
        }
        name = cover.name
        checks = cover.checks
        from = cover.from
        until = cover.until
        reason = cover.reason
        by = cover.by
        self.request = request
    }

    /// `silence SIL-20270115-0001 of api, database until 11:00:00Z (by alice: kernel upgrade)`.
    public func line(until untilText: String) -> String {
        let what = checks.isEmpty ? "every check" : checks.joined(separator: ", ")
        let who = [by.map { "by \($0)" }, reason].compactMap { $0 }.joined(separator: ": ")
        return "\(kind == .window ? "maintenance window" : "silence") \(name) of \(what) until \(untilText)"
            + (who.isEmpty ? "" : " (\(who))")
    }
}
