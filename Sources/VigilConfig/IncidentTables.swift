import VigilCore

/// The incident tables of every file, merged: `[incidents]` key by key (later files win), each
/// `[escalation.PN]`, `[role.NAME]` and `[notifier.NAME]` defined once across all files. At the
/// end the names they refer to are checked against each other.
struct IncidentTables {
    private var incidents = IncidentsFragment()
    private var escalations: [Severity: EscalationDraft] = [:]
    /// Every table's first file, valid or not, so a broken one is neither defined twice nor reported missing.
    private var firstFiles: [String: String] = [:]
    private var roles: [String: (notify: [String], scope: ErrorScope)] = [:]
    private var notifiers: [String: NotifierSettings] = [:]

    /// The names Vigil's own record answers to in `auto_actions`: it always exists, no notifier needed.
    static let builtInActions: Set<String> = ["create-incident"]

    mutating func merge(_ fragment: ConfigFragment, _ diagnostics: inout Diagnostics) {
        if let set = fragment.incidents {
            incidents.reopenWithin = set.reopenWithin ?? incidents.reopenWithin
            incidents.keepResolved = set.keepResolved ?? incidents.keepResolved
            incidents.updateEvery = set.updateEvery ?? incidents.updateEvery
            incidents.subject = set.subject ?? incidents.subject
            incidents.template = set.template ?? incidents.template
            incidents.statusPageURL = set.statusPageURL ?? incidents.statusPageURL
        }
        for table in fragment.incidentTables {
            if let earlier = firstFiles[table.id] {
                diagnostics.report(table.scope, "already defined in \(earlier)")
                continue
            }
            firstFiles[table.id] = table.scope.file
            switch table.content {
            case let .escalation(draft?): escalations[draft.severity] = draft
            case let .role(notify?): roles[table.name] = (notify, table.scope)
            case let .notifier(settings?): notifiers[table.name] = settings
            case .escalation(nil), .role(nil), .notifier(nil): break
            }
        }
    }

    /// The settings, after reporting every role or notifier named but not defined (when
    /// `checkReferences`: a file that did not parse may define them).
    func finish(checkReferences: Bool, _ diagnostics: inout Diagnostics) -> IncidentSettings {
        if checkReferences {
            let roleNames = roles.keys.sorted()
            let notifierNames = notifiers.keys.sorted()
            for draft in escalations.values.sorted(by: { $0.severity < $1.severity }) {
                for (index, role) in draft.policy.path.enumerated() where roles[role] == nil {
                    diagnostics.report(draft.scope, key: "path[\(index)]",
                                       "no [role.\(role)] table in any file" + Self.known(roleNames, "role", near: role))
                }
                for (index, action) in draft.policy.autoActions.enumerated()
                where notifiers[action] == nil && !Self.builtInActions.contains(action) {
                    diagnostics.report(draft.scope, key: "auto_actions[\(index)]",
                                       "no [notifier.\(action)] table in any file (an auto action names a notifier; "
                                       + "\"create-incident\" is Vigil's own record)" + Self.known(notifierNames, "notifier", near: action))
                }
            }
            for (role, entry) in roles.sorted(by: { $0.key < $1.key }) {
                for (index, notifier) in entry.notify.enumerated() where notifiers[notifier] == nil {
                    diagnostics.report(entry.scope, key: "notify[\(index)]",
                                       "no [notifier.\(notifier)] table in any file" + Self.known(notifierNames, "notifier", near: notifier))
                    _ = role
                }
            }
        }
        var escalation = EscalationPolicy.seedMatrix
        for severity in Severity.allCases {
            if let draft = escalations[severity] {
                var policy = draft.policy
                policy.updateEvery = draft.updateEvery ?? incidents.updateEvery ?? EscalationPolicy.defaultUpdateEvery
                escalation[severity] = policy
            } else if let updateEvery = incidents.updateEvery {
                escalation[severity]?.updateEvery = updateEvery
            }
        }
        let template = NotificationTemplate(subject: incidents.subject ?? NotificationTemplate.seedSubject,
                                            body: incidents.template ?? NotificationTemplate.seedBody)
        return IncidentSettings(escalation: escalation,
                                reopenWithin: incidents.reopenWithin ?? IncidentSettings.defaultReopenWithin,
                                keepResolved: incidents.keepResolved ?? IncidentSettings.defaultKeepResolved,
                                template: template, statusPageURL: incidents.statusPageURL ?? "",
                                roles: roles.mapValues(\.notify), notifiers: notifiers)
    }

    /// `; did you mean "tech-lead"?` or `; defined: a, b` or `; none is defined`.
    private static func known(_ names: [String], _ what: String, near name: String) -> String {
        if let closest = KeySuggestion.closest(to: name, among: names) { return "; did you mean \"\(closest)\"?" }
        return names.isEmpty ? "; no [\(what).NAME] table is defined" : "; defined: \(names.joined(separator: ", "))"
    }
}

/// One `[escalation.PN]`, `[role.NAME]` or `[notifier.NAME]` table of a file; content nil when it was invalid.
struct IncidentTable: Sendable {
    enum Content: Sendable {
        case escalation(EscalationDraft?)
        case role([String]?)
        case notifier(NotifierSettings?)
    }

    var name: String
    var content: Content
    var scope: ErrorScope

    /// `escalation.P0`, `role.tech-lead`, `notifier.pager`: unique across files.
    var id: String { scope.table ?? name }
}
