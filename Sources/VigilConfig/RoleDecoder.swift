import TOMLKit
import VigilCore

/// Reads `[role.NAME] notify = ["NOTIFIER", …]`: who a level of an escalation path is, as the
/// notifiers that reach them. An empty list is allowed: the role is then told by the journal only.
enum RoleDecoder {
    static func decode(_ table: TOMLTable, name: String, scope: ErrorScope, _ diagnostics: inout Diagnostics) -> [String]? {
        var reader = TableReader(table, scope: scope)
        let errorsBefore = diagnostics.count
        if !CheckSchema.isValidName(name) {
            diagnostics.report(scope, "a role name must be made of letters, digits, \"_\", \".\" and \"-\"")
        }
        let notify = reader.stringArray("notify", required: true, &diagnostics)
        reader.reportUnreadKeys(validKeys: ["notify"], &diagnostics)
        return diagnostics.count == errorsBefore ? notify : nil
    }
}
