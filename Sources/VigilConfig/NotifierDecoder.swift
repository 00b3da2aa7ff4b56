import TOMLKit
import VigilCore

/// Reads one `[notifier.NAME]` table: its `kind`, that kind's keys, `timeout` and `retry`.
enum NotifierDecoder {
    /// The keys each kind may have besides `kind`.
    static let kindKeys: [String: [String]] = [
        "command": ["argv", "env", "timeout", "retry"],
        "webhook": ["url", "headers", "secret_file", "secret_credential", "timeout", "retry"],
        "alertmanager": ["url", "timeout", "retry"],
        "journal": [],
    ]
    static let retryKeys = ["attempts", "backoff", "backoff_max"]

    static func decode(_ table: TOMLTable, name: String, scope: ErrorScope, _ diagnostics: inout Diagnostics) -> NotifierSettings? {
        var reader = TableReader(table, scope: scope)
        let errorsBefore = diagnostics.count
        if !CheckSchema.isValidName(name) {
            diagnostics.report(scope, "a notifier name must be made of letters, digits, \"_\", \".\" and \"-\"")
        }
        let kindName = reader.choice("kind", among: NotifierSettings.Kind.names, required: true, &diagnostics)
        var kind: NotifierSettings.Kind?
        switch kindName {
        case "command":
            let argv = reader.stringArray("argv", required: true, &diagnostics)
            if let argv {
                if let program = argv.first {
                    if !program.hasPrefix("/") {
                        diagnostics.report(scope, key: "argv[0]",
                                           "must be an absolute path (notifiers run without a shell or PATH search), got \(ValueText.quoted(program))")
                    }
                } else {
                    diagnostics.report(scope, key: "argv", "must not be empty: argv[0] is the program to run")
                }
            }
            let environment = CheckDecoder.readEnvironment(&reader, &diagnostics)
            kind = argv.map { .command(argv: $0, environment: environment ?? [:]) }
        case "webhook":
            let url = readURL(&reader, &diagnostics)
            let headers = readHeaders(&reader, &diagnostics)
            let secretFile = reader.absolutePath("secret_file", &diagnostics)
            let credential = reader.string("secret_credential", &diagnostics)
            if let credential, credential.isEmpty || credential.contains("/") || credential.hasPrefix(".") {
                diagnostics.report(scope, key: "secret_credential",
                                   "must be a credential name as LoadCredential= gives it (no \"/\"), got \(ValueText.quoted(credential))")
            }
            if secretFile != nil, credential != nil {
                diagnostics.report(scope, key: "secret_credential", "give secret_file or secret_credential, not both")
            }
            let secret: SecretSource? = secretFile.map { .file($0) } ?? credential.map { .credential($0) }
            kind = url.map { .webhook(url: $0, headers: headers, secret: secret) }
        case "alertmanager":
            kind = readURL(&reader, &diagnostics).map { .alertmanager(url: $0) }
        case "journal":
            kind = .journal
        default:
            reader.skip(kindKeys.values.flatMap { $0 })
        }
        let timeout = reader.duration("timeout", &diagnostics)
        let retry = readRetry(&reader, &diagnostics)
        let validKeys = ["kind"] + (kindName.flatMap { kindKeys[$0] } ?? [])
        reader.reportUnreadKeys(validKeys: validKeys, &diagnostics) { key in
            let owners = NotifierSettings.Kind.names.filter { kindKeys[$0]?.contains(key) == true }
            guard let kindName, !owners.isEmpty else { return nil }
            return "not a key of notifier kind \(kindName) (it belongs to \(ValueText.alternatives(owners)))"
        }
        guard diagnostics.count == errorsBefore, let kind else { return nil }
        return NotifierSettings(name: name, kind: kind, timeout: timeout ?? NotifierSettings.defaultTimeout, retry: retry ?? RetryPolicy())
    }

    /// An http or https URL with a host: anything else cannot be posted to.
    private static func readURL(_ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> String? {
        guard let url = reader.string("url", required: true, &diagnostics) else { return nil }
        let lowered = url.lowercased()
        let scheme = ["http://", "https://"].first { lowered.hasPrefix($0) }
        guard let scheme, url.count > scheme.count, !url.contains(where: \.isWhitespace) else {
            diagnostics.report(reader.scope, key: "url", "must be an http:// or https:// URL with a host, got \(ValueText.quoted(url))")
            return nil
        }
        return url
    }

    /// `headers = { "X-Team" = "db" }`: names and values of HTTP headers, one line each.
    private static func readHeaders(_ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> [String: String] {
        guard let table = reader.table("headers", &diagnostics) else { return [:] }
        var headers: [String: String] = [:]
        for (name, value) in zip(table.keys, table.values) {
            let key = "headers.\(name)"
            guard let text = value.string else {
                diagnostics.report(reader.scope, key: key, "expected a string, got \(ValueText.typeName(value.type))")
                continue
            }
            let token = !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }
            if !token {
                diagnostics.report(reader.scope, key: key, "a header name is made of letters, digits, \"-\" and \"_\"")
            } else if text.contains(where: { $0 == "\r" || $0 == "\n" }) {
                diagnostics.report(reader.scope, key: key, "a header value must be one line")
            } else if ["content-type", "idempotency-key", "x-vigil-signature"].contains(name.lowercased()) {
                diagnostics.report(reader.scope, key: key, "is set by Vigil on every delivery and cannot be replaced")
            } else {
                headers[name] = text
            }
        }
        return headers
    }

    /// `retry = { attempts = 8, backoff = "10s", backoff_max = "10m" }`, each key optional.
    private static func readRetry(_ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> RetryPolicy? {
        guard let table = reader.table("retry", &diagnostics) else { return nil }
        var retryReader = TableReader(table, scope: reader.scope, keyPrefix: "retry.")
        var policy = RetryPolicy()
        if let attempts = retryReader.integer("attempts", in: 1...1000, &diagnostics) { policy.attempts = attempts }
        if let backoff = retryReader.duration("backoff", &diagnostics) { policy.backoff = backoff }
        if let backoffMax = retryReader.duration("backoff_max", &diagnostics) { policy.backoffMax = backoffMax }
        retryReader.reportUnreadKeys(validKeys: retryKeys, &diagnostics)
        if policy.backoffMax < policy.backoff {
            diagnostics.report(reader.scope, key: "retry.backoff_max",
                               "must not be shorter than backoff (\(DurationText.format(policy.backoff)))")
            return nil
        }
        return policy
    }
}
