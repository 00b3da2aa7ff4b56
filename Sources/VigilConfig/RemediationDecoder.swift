import TOMLKit
import VigilCore

/// Reads one `[remediation.NAME]` table into a RemediationPlan, naming each bad step as `steps[I]`.
enum RemediationDecoder {
    static let planKeys = ["steps", "max_attempts", "window", "backoff", "backoff_max", "healthy_for",
                           "grace", "verify_successes", "verify_timeout", "mode", "exclusive"]

    /// The keys each step kind may have besides `kind`.
    static let stepKeys: [RemediationStep.Kind: [String]] = [
        .exec: ["argv", "timeout", "env"],
        .restartUnit: ["unit", "timeout"],
        .notify: ["message"],
    ]

    static let stepKindNames = RemediationStep.Kind.allCases.map(\.rawValue)
    static let modeNames = RemediationRun.Mode.allCases.map(\.rawValue)

    static func decode(_ table: TOMLTable, name: String, scope: ErrorScope,
                       _ diagnostics: inout Diagnostics) -> RemediationPlan? {
        var reader = TableReader(table, scope: scope)
        let errorsBefore = diagnostics.count
        if !CheckSchema.isValidName(name) {
            diagnostics.report(scope, "a plan name must be made of letters, digits, \"_\", \".\" and \"-\"")
        }
        let steps = readSteps(&reader, &diagnostics)
        let budget = readBudget(&reader, &diagnostics)

        var verification = RemediationRun.Verification()
        if let grace = reader.duration("grace", &diagnostics) { verification.grace = grace }
        if let successes = reader.integer("verify_successes", in: 1...Int.max, &diagnostics) {
            verification.verifySuccesses = successes
        }
        if let timeout = reader.duration("verify_timeout", &diagnostics) { verification.verifyTimeout = timeout }
        let mode = readMode(&reader, &diagnostics)
        let exclusive = reader.bool("exclusive", &diagnostics) ?? false

        reader.reportUnreadKeys(validKeys: planKeys, &diagnostics)
        guard diagnostics.count == errorsBefore, let steps else { return nil }
        return RemediationPlan(name: name, steps: steps, budget: budget, verification: verification, mode: mode, exclusive: exclusive)
    }

    /// `mode = "enforce" | "dry-run"`, in a plan or in `[daemon]`.
    static func readMode(_ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> RemediationRun.Mode? {
        reader.choice("mode", among: modeNames, &diagnostics).flatMap(RemediationRun.Mode.init(rawValue:))
    }

    /// The budget keys over the Core defaults; `backoff_max` may not undercut `backoff`.
    private static func readBudget(_ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> RemediationBudget.Policy {
        var policy = RemediationBudget.Policy()
        if let attempts = reader.integer("max_attempts", in: 1...Int.max, &diagnostics) { policy.maxAttempts = attempts }
        if let window = reader.duration("window", &diagnostics) { policy.window = window }
        let backoff = reader.duration("backoff", &diagnostics)
        let backoffMax = reader.duration("backoff_max", &diagnostics)
        if let healthyFor = reader.duration("healthy_for", &diagnostics) { policy.healthyFor = healthyFor }

        let effectiveBackoff = backoff ?? policy.backoff, effectiveMax = backoffMax ?? policy.backoffMax
        if (backoff != nil || backoffMax != nil), effectiveMax < effectiveBackoff {
            if backoffMax != nil {
                let bound = DurationText.format(effectiveBackoff) + (backoff == nil ? ", the default" : "")
                diagnostics.report(reader.scope, key: "backoff_max",
                                   "must not be shorter than backoff (\(bound)), got \(ValueText.quoted(DurationText.format(effectiveMax)))")
            } else {
                diagnostics.report(reader.scope, key: "backoff",
                                   "must not be longer than backoff_max (\(DurationText.format(effectiveMax)), the default), "
                                   + "got \(ValueText.quoted(DurationText.format(effectiveBackoff)))")
            }
        } else {
            policy.backoff = effectiveBackoff
            policy.backoffMax = effectiveMax
        }
        return policy
    }

    private static func readSteps(_ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> [RemediationStep]? {
        let scope = reader.scope
        return reader.inlineTables("steps", example: "{ kind = \"notify\", message = \"...\" }",
                                   whenEmpty: "a plan needs at least one step", &diagnostics) { table, index, diagnostics in
            decodeStep(table, index: index, scope: scope, &diagnostics)
        }
    }

    static func decodeStep(_ table: TOMLTable, index: Int, scope: ErrorScope,
                                   _ diagnostics: inout Diagnostics) -> RemediationStep? {
        var reader = TableReader(table, scope: scope, keyPrefix: "steps[\(index)].")
        let errorsBefore = diagnostics.count
        let kind = readStepKind(&reader, &diagnostics)
        var step: RemediationStep?
        switch kind {
        case .exec?:
            let argv = reader.stringArray("argv", required: true, &diagnostics)
            if let argv {
                if let program = argv.first {
                    if !program.hasPrefix("/") {
                        diagnostics.report(scope, key: reader.displayKey("argv[0]"),
                                           "must be an absolute path (steps run without a shell or PATH search), got \(ValueText.quoted(program))")
                    }
                } else {
                    diagnostics.report(scope, key: reader.displayKey("argv"), "must not be empty: argv[0] is the program to run")
                }
            }
            let timeout = reader.duration("timeout", &diagnostics)
            let environment = CheckDecoder.readEnvironment(&reader, &diagnostics)
            step = argv.map { .exec($0, timeout: timeout, env: environment ?? [:]) }
        case .restartUnit?:
            let unit = reader.string("unit", required: true, &diagnostics)
            if let unit, !CheckDecoder.isUnitName(unit) {
                diagnostics.report(scope, key: reader.displayKey("unit"),
                                   "must be a unit name with its type suffix, such as \"postgresql.service\", got \(ValueText.quoted(unit))")
            }
            let timeout = reader.duration("timeout", &diagnostics)
            step = unit.map { .restartUnit($0, timeout: timeout) }
        case .notify?:
            let message = reader.string("message", required: true, &diagnostics)
            if let message, message.allSatisfy(\.isWhitespace) {
                diagnostics.report(scope, key: reader.displayKey("message"), "must not be empty")
            }
            step = message.map { .notify($0) }
        case nil:
            reader.skip(stepKeys.values.flatMap { $0 })
        }
        let validKeys = ["kind"] + (kind.flatMap { stepKeys[$0] } ?? [])
        reader.reportUnreadKeys(validKeys: validKeys, &diagnostics) { key in
            let owners = stepKindNames.filter { name in
                RemediationStep.Kind(rawValue: name).flatMap { stepKeys[$0] }?.contains(key) == true
            }
            guard let kind, !owners.isEmpty else { return nil }
            return "not a key of step kind \(kind.rawValue) (it belongs to \(ValueText.alternatives(owners)))"
        }
        return diagnostics.count == errorsBefore ? step : nil
    }

    private static func readStepKind(_ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> RemediationStep.Kind? {
        reader.choice("kind", among: stepKindNames, required: true, &diagnostics).flatMap(RemediationStep.Kind.init(rawValue:))
    }
}
