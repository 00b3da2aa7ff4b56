import TOMLKit
import VigilCore

/// Reads `[rollback]`: the trigger (`critical_checks`, `checks`, `for`, `within`), the `steps`
/// (the remediation kinds plus `switch_symlink`, `restore` and `start_unit`), `verify_for` and
/// `mode`. What it needs from other tables (`[release]`, `[backup]`, the checks it names) is
/// checked once every file is read (`checkReferences`).
enum RollbackDecoder {
    static let keys = ["critical_checks", "checks", "for", "within", "steps", "verify_for", "mode"]
    static let stepKeys: [String: [String]] = [
        "switch_symlink": ["link", "target"],
        "restore": ["backup"],
        "start_unit": ["unit", "timeout"],
    ]

    static func decode(_ table: TOMLTable, scope: ErrorScope, _ diagnostics: inout Diagnostics) -> RollbackSettings? {
        var reader = TableReader(table, scope: scope)
        let errorsBefore = diagnostics.count
        var trigger = RollbackTrigger.Settings()
        if let count = reader.integer("critical_checks", in: 1...Int.max, &diagnostics) { trigger.criticalChecks = count }
        if let checks = reader.stringArray("checks", &diagnostics) {
            if checks.isEmpty {
                diagnostics.report(scope, key: "checks", "must name at least one check; leave it out for every check of severity P0")
            }
            trigger.checks = checks
        }
        if let sustained = reader.durationOfASecondOrMore("for", &diagnostics) { trigger.sustainedFor = sustained }
        if let within = reader.durationOfASecondOrMore("within", &diagnostics) { trigger.within = within }
        if let names = trigger.checks, !names.isEmpty, trigger.criticalChecks > names.count {
            diagnostics.report(scope, key: "critical_checks",
                               "is \(trigger.criticalChecks) but checks names only \(names.count): the rollback could never fire")
        }
        let steps = readSteps(&reader, &diagnostics)
        let verifyFor = reader.durationOfASecondOrMore("verify_for", &diagnostics)
        let mode = RemediationDecoder.readMode(&reader, &diagnostics)
        reader.reportUnreadKeys(validKeys: keys, &diagnostics)
        guard diagnostics.count == errorsBefore, let steps else { return nil }
        return RollbackSettings(trigger: trigger, steps: steps, verifyFor: verifyFor ?? RollbackSettings.defaultVerifyFor, mode: mode)
    }

    /// Once every file is read: `[rollback]` needs `[release]` (it rolls back to the last known
    /// good), a `restore` step needs `[backup]`, and `checks` must name checks.
    static func checkReferences(_ settings: RollbackSettings, scope: ErrorScope, hasRelease: Bool, hasBackup: Bool,
                                checkNames: Set<String>, _ diagnostics: inout Diagnostics) {
        if !hasRelease {
            diagnostics.report(scope, "needs a [release] table (version_file or version_command): a rollback returns to the last known good release it finds")
        }
        for (index, name) in (settings.trigger.checks ?? []).enumerated() where !checkNames.contains(name) {
            diagnostics.report(scope, key: "checks[\(index)]", "no check named \(ValueText.quoted(name)) in any file")
        }
        for (index, step) in settings.steps.enumerated() {
            if case .restore = step, !hasBackup {
                diagnostics.report(scope, key: "steps[\(index)]", "a restore step needs a [backup] table: it restores a backup taken there")
            }
        }
    }

    private static func readSteps(_ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> [RollbackStep]? {
        let example = "{ kind = \"switch_symlink\", link = \"/srv/app/current\", target = \"/srv/app/releases/{version}\" }"
        let scope = reader.scope
        return reader.inlineTables("steps", example: example, whenEmpty: "a rollback needs at least one step, such as [\(example)]",
                                   &diagnostics) { table, index, diagnostics in
            decodeStep(table, index: index, scope: scope, &diagnostics)
        }
    }

    private static func decodeStep(_ table: TOMLTable, index: Int, scope: ErrorScope, _ diagnostics: inout Diagnostics) -> RollbackStep? {
        if let kind = table["kind"]?.string, RemediationStep.Kind(rawValue: kind) != nil {
            return RemediationDecoder.decodeStep(table, index: index, scope: scope, &diagnostics).map(RollbackStep.remediation)
        }
        var reader = TableReader(table, scope: scope, keyPrefix: "steps[\(index)].")
        let errorsBefore = diagnostics.count
        let kind = reader.choice("kind", among: RollbackStep.kindNames, required: true, &diagnostics)
        var step: RollbackStep?
        switch kind {
        case "switch_symlink":
            let link = reader.absolutePath("link", required: true, &diagnostics)
            let target = reader.absolutePath("target", required: true, &diagnostics)
            if let link, link.contains(RollbackVersion.placeholder) {
                diagnostics.report(scope, key: reader.displayKey("link"), "must not contain {version}: it is the link that always names the running release")
            }
            if let target, RollbackVersion.releasesFolder(ofTarget: target) == nil {
                diagnostics.report(scope, key: reader.displayKey("target"),
                                   "must name the release by {version}, such as \"/srv/app/releases/{version}\", got \(ValueText.quoted(target))")
            }
            if let link, let target { step = .switchSymlink(link: link, target: target) }
        case "restore":
            let names = RollbackStep.BackupChoice.allCases.map(\.rawValue)
            let choice = reader.choice("backup", among: names, &diagnostics).flatMap(RollbackStep.BackupChoice.init(rawValue:))
            step = .restore(choice ?? .lastOfRelease)
        case "start_unit":
            let unit = reader.string("unit", required: true, &diagnostics)
            if let unit, !CheckDecoder.isUnitName(unit) {
                diagnostics.report(scope, key: reader.displayKey("unit"),
                                   "must be a unit name with its type suffix, such as \"alexandria-restore.service\", got \(ValueText.quoted(unit))")
            }
            let timeout = reader.duration("timeout", &diagnostics)
            step = unit.map { .startUnit(unit: $0, timeout: timeout ?? RollbackStep.defaultStartUnitTimeout) }
        default:
            reader.skip(stepKeys.values.flatMap { $0 })
        }
        let valid = ["kind"] + (kind.flatMap { stepKeys[$0] } ?? [])
        reader.reportUnreadKeys(validKeys: valid, &diagnostics)
        return diagnostics.count == errorsBefore ? step : nil
    }
}
