import TOMLKit
import VigilCore

/// A check as read from one file: its definition when it is valid, and what the checks across
/// files (unique names, defined databases) need to know even when it is not.
struct CheckDraft: Sendable {
    var name: String?
    var scope: ErrorScope
    var definition: CheckDefinition?
    /// The `database` a postgres check names, to be matched against every file's `[database.NAME]`.
    var databaseReference: String?
    /// `depends_on` and `remediation`, matched against every file's checks and plans.
    var dependsOn: [String] = []
    var remediationReference: String?
}

/// Reads one `[[check]]` table into a CheckDefinition, reporting every problem it has; a
/// `[[sample]]` too (`array: .sample`), which is a check with its own kinds and rule keys.
enum CheckDecoder {
    /// The array of tables a check comes from, and what differs between the two.
    enum TableArray: String {
        case check, sample

        /// The section errors of its `index`-th table go to.
        func section(_ index: Int) -> ConfigSection {
            self == .sample ? .sample(index: index) : .check(index: index)
        }

        var kindNames: [String] { self == .sample ? SampleMeasure.names : CheckKind.names }
        var kindKeys: [String: [String]] { self == .sample ? SampleDecoder.kindKeys : CheckSchema.kindKeys }

        /// A check's keys; a sample's have no thresholds (it is judged against its own past) but its rules.
        var commonKeys: [String] {
            self == .sample ? CheckSchema.commonKeys.filter { $0 != "warning" && $0 != "critical" } + SampleDecoder.ruleKeys
                : CheckSchema.commonKeys
        }

        /// Whether a table of kind `kind` names a `[database.NAME]`.
        func namesDatabase(_ kind: String?) -> Bool {
            self == .sample ? kind == "sql" : kind == "postgres" || kind == "event_store"
        }
    }

    static func decode(_ table: TOMLTable, index: Int, file: String, array: TableArray = .check,
                       _ diagnostics: inout Diagnostics) -> CheckDraft {
        // Name the table after the check when it has a name, so errors read `check "api": url: ...`.
        let nameValue = zip(table.keys, table.values).first { $0.0 == "name" }?.1.string
        let label = array.rawValue
        let scope = ErrorScope(file: file, section: array.section(index),
                               table: nameValue.map { "\(label) \(ValueText.quoted($0))" } ?? "\(label) #\(index)")
        var reader = TableReader(table, scope: scope)
        let errorsBefore = diagnostics.count

        let name = reader.string("name", required: true, &diagnostics)
        if let name, !CheckSchema.isValidName(name) {
            diagnostics.report(scope, key: "name", "must be made of letters, digits, \"_\", \".\" and \"-\", got \(ValueText.quoted(name))")
        }

        let kindName = reader.choice("kind", among: array.kindNames, required: true, &diagnostics)
        let interval = reader.duration("interval", &diagnostics)
        let timeout = reader.duration("timeout", &diagnostics)
        let enabled = reader.bool("enabled", &diagnostics)
        let severity = reader.choice("severity", among: Severity.allCases.map(\.rawValue), suggest: false, &diagnostics)
            .flatMap(Severity.init(rawValue:))
        let incident = reader.choice("incident", among: IncidentPolicy.allCases.map(\.rawValue), &diagnostics)
            .flatMap(IncidentPolicy.init(rawValue:))
        if interval != nil || timeout != nil {
            let effectiveInterval = interval ?? CheckSchema.defaultInterval
            let effectiveTimeout = timeout ?? CheckSchema.defaultTimeout
            if effectiveTimeout >= effectiveInterval {
                let intervalText = DurationText.format(effectiveInterval) + (interval == nil ? ", the default" : "")
                let timeoutText = DurationText.format(effectiveTimeout) + (timeout == nil ? ", the default" : "")
                diagnostics.report(scope, key: timeout == nil ? "interval" : "timeout",
                                   timeout == nil
                                       ? "must be longer than timeout (\(timeoutText)), got \(intervalText)"
                                       : "must be shorter than interval (\(intervalText)), got \(timeoutText)")
            }
        }
        let decisionKeys = DecisionKeysDecoder.decode(&reader, checkName: name, &diagnostics)
        // A sample is judged against its own past, not against thresholds.
        let warning = array == .check ? reader.table("warning", &diagnostics) : nil
        let critical = array == .check ? reader.table("critical", &diagnostics) : nil

        var kind: CheckKind?
        // Checked against every file's databases later, even when the check has other errors.
        let databaseReference = array.namesDatabase(kindName) ? peekString(table, "database").flatMap { $0.isEmpty ? nil : $0 } : nil
        let schema = array.kindKeys
        if let kindName {
            kind = array == .sample ? SampleDecoder.readSettings(kindName, &reader, &diagnostics)
                : readKindSettings(kindName, &reader, &diagnostics)
        } else {
            reader.skip(schema.values.flatMap { $0 } + array.commonKeys)
        }

        let validKeys = array.commonKeys + (kindName.flatMap { schema[$0] } ?? [])
        reader.reportUnreadKeys(validKeys: validKeys, &diagnostics) { key in
            let owners = array.kindNames.filter { schema[$0]?.contains(key) == true }
            guard let kindName, !owners.isEmpty else { return nil }
            return "not a key of kind \(kindName) (it belongs to kind \(ValueText.alternatives(owners)))"
        }

        var thresholds = array == .sample ? [] : ThresholdDecoder.decode(kind: kindName, warning: warning, critical: critical,
                                                                         scope: scope, &diagnostics)
        // A certificate's expiry is judged even when the check names no limit: 30 days, then 7.
        if case .tls? = kind, let given = thresholds, !given.contains(where: { $0.metric == "days_left" }) {
            thresholds = given + [TLSCheckSettings.defaultThreshold]
        }
        // A load run is judged on the seed's limits even when the check names none; it must end before its timeout.
        if case .load(let settings)? = kind, let given = thresholds {
            thresholds = given + LoadCheckSettings.defaultThresholds.filter { fallback in !given.contains { $0.metric == fallback.metric } }
            LoadCheckDecoder.reportRunPastTimeout(settings, timeout: timeout ?? CheckSchema.defaultTimeout, timeoutGiven: timeout != nil,
                                                  reader.scope, &diagnostics)
        }

        var draft = CheckDraft(name: name, scope: scope, definition: nil, databaseReference: databaseReference,
                               dependsOn: decisionKeys.dependsOn, remediationReference: decisionKeys.remediation)
        if diagnostics.count == errorsBefore, let name, let kind, let thresholds {
            draft.definition = CheckDefinition(name: name, kind: kind,
                                               interval: interval ?? CheckSchema.defaultInterval,
                                               timeout: timeout ?? CheckSchema.defaultTimeout,
                                               enabled: enabled ?? true, severity: severity ?? CheckSchema.defaultSeverity(of: kind),
                                               thresholds: thresholds, confirmation: decisionKeys.confirmation,
                                               flapping: decisionKeys.flapping, dependsOn: decisionKeys.dependsOn,
                                               remediation: decisionKeys.remediation, incident: incident ?? .critical)
        }
        return draft
    }

    private static func peekString(_ table: TOMLTable, _ key: String) -> String? {
        zip(table.keys, table.values).first { $0.0 == key }?.1.string
    }

    /// The kind with its own settings, or `nil` after reporting what was wrong with them.
    static func readKindSettings(_ kind: String, _ reader: inout TableReader,
                                         _ diagnostics: inout Diagnostics) -> CheckKind? {
        let errorsBefore = diagnostics.count
        let scope = reader.scope
        func reportEmpty(_ key: String) { diagnostics.report(scope, key: key, "must not be empty") }
        let result: CheckKind?
        switch kind {
        case "postgres":
            let database = reader.string("database", required: true, &diagnostics)
            if database?.isEmpty == true { reportEmpty("database") }
            let query = reader.string("query", &diagnostics)
            if let query, query.allSatisfy(\.isWhitespace) { reportEmpty("query") }
            result = database.map { .postgres(PostgresCheckSettings(database: $0, query: query ?? "SELECT 1")) }

        case "http":
            let url = reader.string("url", required: true, &diagnostics)
            if let url { validateURL(url, scope, &diagnostics) }
            let method = reader.choice("method", among: CheckSchema.httpMethods, suggest: false, &diagnostics)
            let statuses = reader.integerArray("expect_status", &diagnostics)
            if let statuses {
                if statuses.isEmpty { reportEmpty("expect_status") }
                for (index, status) in statuses.enumerated() where !(100...599).contains(status) {
                    diagnostics.report(scope, key: "expect_status[\(index)]",
                                       "must be an HTTP status code from 100 to 599, got \(status)")
                }
            }
            let body = reader.string("expect_body_contains", &diagnostics)
            if body?.isEmpty == true { reportEmpty("expect_body_contains") }
            result = url.map {
                .http(HTTPCheckSettings(method: method ?? "GET", url: $0, expectStatus: statuses ?? [200],
                                        expectBodyContains: body))
            }

        case "command":
            let argv = reader.stringArray("argv", required: true, &diagnostics)
            if let argv {
                if let program = argv.first {
                    if !program.hasPrefix("/") {
                        diagnostics.report(scope, key: "argv[0]",
                                           "must be an absolute path (commands run without a shell or PATH search), got \(ValueText.quoted(program))")
                    }
                } else {
                    diagnostics.report(scope, key: "argv", "must not be empty: argv[0] is the program to run")
                }
            }
            let environment = readEnvironment(&reader, &diagnostics)
            result = argv.map { .command(CommandCheckSettings(argv: $0, environment: environment ?? [:])) }

        case "disk":
            result = reader.absolutePath("path", required: true, &diagnostics).map { .disk(path: $0) }

        case "memory":
            result = .memory

        case "systemd_unit":
            let unit = reader.string("unit", required: true, &diagnostics)
            if let unit, !isUnitName(unit) {
                diagnostics.report(scope, key: "unit",
                                   "must be a unit name with its type suffix, such as \"postgresql.service\", got \(ValueText.quoted(unit))")
            }
            result = unit.map { .systemdUnit(unit: $0) }

        case "event_store":
            result = readEventStore(&reader, &diagnostics)

        case "backup_age":
            let destination = reader.absolutePath("destination", required: true, &diagnostics)
            let maxAge = reader.duration("max_age", &diagnostics)
            result = destination.map { .backupAge(BackupAgeSettings(destination: $0, maxAge: maxAge ?? BackupAgeSettings.defaultMaxAge)) }

        case "tls":
            result = readTLS(&reader, &diagnostics).map { .tls($0) }

        case "auth":
            result = readAuth(&reader, &diagnostics).map { .auth($0) }

        case "contract":
            result = ContractDecoder.decode(&reader, &diagnostics).map { .contract($0) }
        case "load":
            result = LoadCheckDecoder.decode(&reader, &diagnostics).map { .load($0) }

        case "file_permissions":
            result = FilePermissionsDecoder.decode(&reader, &diagnostics).map { .filePermissions($0) }

        default:
            result = nil
        }
        return diagnostics.count == errorsBefore ? result : nil
    }

    /// `url` and a credential (`credential_file` or `credential`, a systemd credential's name) are
    /// required; never the credential itself: a config file is no place for a secret.
    private static func readAuth(_ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> AuthCheckSettings? {
        let scope = reader.scope
        let url = reader.string("url", required: true, &diagnostics)
        if let url { validateURL(url, scope, &diagnostics) }
        let method = reader.choice("method", among: CheckSchema.httpMethods, suggest: false, &diagnostics)
        let scheme = reader.choice("scheme", among: AuthCheckSettings.Scheme.allCases.map(\.rawValue), &diagnostics).flatMap(AuthCheckSettings.Scheme.init)
        let header = reader.string("header", &diagnostics)
        if let header, header.isEmpty || !header.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            diagnostics.report(scope, key: "header", "must be a header name such as \"X-API-Key\", got \(ValueText.quoted(header))")
        }
        if scheme == .header && header == nil && !reader.contains("header") {
            diagnostics.report(scope, key: "scheme", "scheme = \"header\" needs header = \"NAME\", the header the credential is sent in")
        }
        let file = reader.absolutePath("credential_file", &diagnostics)
        let name = reader.string("credential", &diagnostics)
        if let name, name.isEmpty || name.contains("/") || name.hasPrefix(".") {
            diagnostics.report(scope, key: "credential", "must be the name of a systemd credential (LoadCredential=NAME:…), got \(ValueText.quoted(name))")
        }
        let credential: AuthCheckSettings.Source? = file.map { .file($0) } ?? name.map { .systemd($0) }
        if file != nil && name != nil {
            diagnostics.report(scope, key: "credential", "give credential_file or credential, not both")
        } else if credential == nil && !reader.contains("credential_file") && !reader.contains("credential") {
            diagnostics.report(scope, key: "credential_file",
                               "an auth check needs the valid credential: credential_file = \"/etc/vigil/credentials/NAME\" or credential = \"NAME\" (a systemd credential); never the secret itself")
        }
        let expired = reader.absolutePath("expired_credential_file", &diagnostics)
        var statusLists: [String: [Int]] = [:]
        for key in ["refused_status", "accepted_status"] {
            guard let statuses = reader.integerArray(key, &diagnostics) else { continue }
            if statuses.isEmpty { diagnostics.report(scope, key: key, "must not be empty") }
            for (index, status) in statuses.enumerated() where !(100...599).contains(status) {
                diagnostics.report(scope, key: "\(key)[\(index)]", "must be an HTTP status code from 100 to 599, got \(status)")
            }
            statusLists[key] = statuses
        }
        guard let url, let credential else { return nil }
        return AuthCheckSettings(url: url, method: method ?? "GET", scheme: scheme ?? .bearer, headerName: header, credential: credential,
                                 expiredCredential: expired.map { .file($0) }, refusedStatus: statusLists["refused_status"] ?? [401, 403],
                                 acceptedStatus: statusLists["accepted_status"])
    }

    /// `address` (`host:port`, required), `server_name`, `starttls`, `min_version`, `ca_file`.
    private static func readTLS(_ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> TLSCheckSettings? {
        let scope = reader.scope
        let address = reader.string("address", required: true, &diagnostics)
        var endpoint: (host: String, port: Int)?
        if let address {
            let colon = address.lastIndex(of: ":")
            var host = colon.map { String(address[..<$0]) } ?? ""
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            let port = colon.flatMap { Int(address[address.index(after: $0)...]) }
            if let port, (1...65535).contains(port), !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "/" }) {
                endpoint = (host, port)
            } else {
                diagnostics.report(scope, key: "address", "must be HOST:PORT such as \"api.example.com:443\" or \"[::1]:5432\", got \(ValueText.quoted(address))")
            }
        }
        let serverName = reader.string("server_name", &diagnostics)
        if serverName?.isEmpty == true { diagnostics.report(scope, key: "server_name", "must not be empty: it is the name the certificate must carry") }
        let startTLS = reader.choice("starttls", among: TLSCheckSettings.StartTLS.allCases.map(\.rawValue), &diagnostics)
        let minVersion = reader.choice("min_version", among: TLSVersion.allCases.map(\.rawValue), &diagnostics)
        let caFile = reader.absolutePath("ca_file", &diagnostics)
        guard let endpoint else { return nil }
        return TLSCheckSettings(host: endpoint.host, port: endpoint.port, serverName: serverName, startTLS: startTLS.flatMap(TLSCheckSettings.StartTLS.init),
                                minVersion: minVersion.flatMap(TLSVersion.init) ?? .v1_2, caFile: caFile)
    }

    /// `database` and `table` are required; the columns default to the common schema's names.
    private static func readEventStore(_ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> CheckKind? {
        let scope = reader.scope
        var names: [String: String] = [:]
        for key in ["database", "table", "aggregate_column", "version_column", "timestamp_column", "id_column", "position_column"] {
            guard let value = reader.string(key, required: key == "database" || key == "table", &diagnostics) else { continue }
            if value.isEmpty || value.contains("\0") {
                diagnostics.report(scope, key: key, "must be a non-empty name")
            } else if key == "table", value.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
                diagnostics.report(scope, key: key, "must be TABLE or SCHEMA.TABLE, got \(ValueText.quoted(value))")
            }
            names[key] = value
        }
        let firstVersion = reader.integer("first_version", in: 0...Int(Int32.max), &diagnostics)
        let maxIssues = reader.integer("max_issues", in: 0...100_000, &diagnostics)
        let fullEvery = reader.duration("full_every", &diagnostics)
        if fullEvery != nil, names["position_column"] == nil {
            diagnostics.report(scope, key: "full_every", "needs position_column: without it every run is a full scan")
        }
        guard let database = names["database"], let table = names["table"] else { return nil }
        var settings = EventStoreCheckSettings(database: database, table: table)
        if let column = names["aggregate_column"] { settings.aggregateColumn = column }
        if let column = names["version_column"] { settings.versionColumn = column }
        if let column = names["timestamp_column"] { settings.timestampColumn = column }
        if let column = names["id_column"] { settings.idColumn = column }
        if let firstVersion { settings.firstVersion = Int64(firstVersion) }
        if let maxIssues { settings.maxIssues = maxIssues }
        settings.positionColumn = names["position_column"]
        if let fullEvery { settings.fullEvery = fullEvery }
        return .eventStore(settings)
    }

    static func validateURL(_ url: String, _ scope: ErrorScope, key: String = "url", _ diagnostics: inout Diagnostics) {
        guard let scheme = ["http://", "https://"].first(where: { url.lowercased().hasPrefix($0) }) else {
            diagnostics.report(scope, key: key, "must start with http:// or https://, got \(ValueText.quoted(url))")
            return
        }
        let host = url.dropFirst(scheme.count).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if host.isEmpty || host.contains(where: \.isWhitespace) {
            diagnostics.report(scope, key: key, "has no valid host, got \(ValueText.quoted(url))")
        }
    }

    static func readEnvironment(_ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> [String: String]? {
        guard let table = reader.table("env", &diagnostics) else { return nil }
        let envReader = TableReader(table, scope: reader.scope, keyPrefix: reader.displayKey("env") + ".")
        var environment: [String: String] = [:]
        var valid = true
        for (name, value) in envReader.entries {
            if name.isEmpty || name.contains("=") {
                diagnostics.report(reader.scope, key: envReader.displayKey(name),
                                   "an environment variable name must be non-empty and contain no \"=\"")
                valid = false
            } else if let text = value.string {
                environment[name] = text
            } else {
                diagnostics.report(reader.scope, key: envReader.displayKey(name),
                                   "expected a string, got \(ValueText.typeName(value.type))")
                valid = false
            }
        }
        return valid ? environment : nil
    }

    static func isUnitName(_ unit: String) -> Bool {
        guard let suffix = CheckSchema.unitSuffixes.first(where: { unit.hasSuffix($0) }) else { return false }
        let stem = unit.dropLast(suffix.count)
        return !stem.isEmpty && unit.count <= 255
            && !unit.contains(where: { $0 == "/" || $0.isWhitespace || $0.unicodeScalars.contains { $0.value < 0x20 } })
    }
}
