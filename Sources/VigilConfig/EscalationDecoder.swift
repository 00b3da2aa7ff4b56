import TOMLKit
import VigilCore

/// One `[escalation.PN]` table as written; `updateEvery` is nil when the table leaves it to
/// `[incidents] update_every`.
struct EscalationDraft: Sendable {
    var severity: Severity
    var policy: EscalationPolicy
    var updateEvery: Duration?
    var scope: ErrorScope
}

/// Reads `[escalation.P0]` … `[escalation.P3]`: the seed's escalation matrix, one row per severity.
enum EscalationDecoder {
    static let keys = ["respond_within", "path", "auto_actions", "update_every"]
    static let severityNames = Severity.allCases.map(\.rawValue)

    static func decode(_ table: TOMLTable, name: String, scope: ErrorScope, _ diagnostics: inout Diagnostics) -> EscalationDraft? {
        var reader = TableReader(table, scope: scope)
        let errorsBefore = diagnostics.count
        let severity = Severity(rawValue: name)
        if severity == nil {
            diagnostics.report(scope, "an escalation is named for its severity: one of \(ValueText.alternatives(severityNames)), "
                               + "got \(ValueText.quoted(name))" + KeySuggestion.hint(for: name.uppercased(), among: severityNames))
        }
        let seed = severity.flatMap { EscalationPolicy.seedMatrix[$0] } ?? .none
        let respondWithin = reader.duration("respond_within", &diagnostics)
        let path = reader.stringArray("path", &diagnostics)
        let autoActions = reader.stringArray("auto_actions", &diagnostics)
        let updateEvery = reader.duration("update_every", &diagnostics)
        for (key, names) in [("path", path ?? []), ("auto_actions", autoActions ?? [])] {
            var seen: Set<String> = []
            for (index, name) in names.enumerated() where !seen.insert(name).inserted {
                diagnostics.report(scope, key: "\(key)[\(index)]", "\(ValueText.quoted(name)) is listed twice")
            }
        }
        reader.reportUnreadKeys(validKeys: keys, &diagnostics)
        guard diagnostics.count == errorsBefore, let severity else { return nil }
        let policy = EscalationPolicy(respondWithin: respondWithin ?? seed.respondWithin, path: path ?? [],
                                      autoActions: autoActions ?? [], updateEvery: updateEvery ?? EscalationPolicy.defaultUpdateEvery)
        return EscalationDraft(severity: severity, policy: policy, updateEvery: updateEvery, scope: scope)
    }
}
