import TOMLKit
import VigilCore

/// What one file's `[incidents]` table sets; files are merged key by key, later files winning.
struct IncidentsFragment: Sendable {
    var reopenWithin: Duration?
    var keepResolved: Duration?
    var updateEvery: Duration?
    var subject: String?
    var template: String?
    var statusPageURL: String?
}

/// Reads `[incidents]`: how long a resolved incident may reopen and is kept, how often updates go
/// out, and the notification text (the seed's template unless written here).
enum IncidentsDecoder {
    static let keys = ["reopen_within", "keep_resolved", "update_every", "subject", "template", "status_page_url"]

    static func decode(_ table: TOMLTable, scope: ErrorScope, _ diagnostics: inout Diagnostics) -> IncidentsFragment {
        var reader = TableReader(table, scope: scope)
        var fragment = IncidentsFragment()
        fragment.reopenWithin = reader.duration("reopen_within", &diagnostics)
        fragment.keepResolved = reader.duration("keep_resolved", &diagnostics)
        fragment.updateEvery = reader.duration("update_every", &diagnostics)
        fragment.statusPageURL = reader.string("status_page_url", &diagnostics)
        if let subject = reader.string("subject", &diagnostics) {
            if subject.contains("\n") {
                diagnostics.report(scope, key: "subject", "must be one line: it is a mail subject and an alert summary")
            } else if report(unknownIn: subject, key: "subject", scope: scope, &diagnostics) {
                fragment.subject = subject
            }
        }
        if let template = reader.string("template", &diagnostics),
           report(unknownIn: template, key: "template", scope: scope, &diagnostics) {
            fragment.template = template
        }
        reader.reportUnreadKeys(validKeys: keys, &diagnostics)
        return fragment
    }

    /// Reports each unknown `{name}` with its line in the text and the closest known placeholder;
    /// true when there is none.
    private static func report(unknownIn text: String, key: String, scope: ErrorScope, _ diagnostics: inout Diagnostics) -> Bool {
        let unknown = NotificationTemplate.unknownPlaceholders(in: text)
        let known = NotificationTemplate.placeholders.sorted()
        for placeholder in unknown {
            let line = key == "subject" ? "" : " on line \(placeholder.line) of the template"
            let hint = KeySuggestion.closest(to: placeholder.name, among: known).map { "did you mean {\($0)}? " } ?? ""
            diagnostics.report(scope, key: key, "unknown placeholder {\(placeholder.name)}\(line); \(hint)"
                               + "known: \(known.map { "{\($0)}" }.joined(separator: ", "))")
        }
        return unknown.isEmpty
    }
}
