import VigilCore

/// The keys a `[[check]]` may have, by kind, and the closed sets some of their values come from.
enum CheckSchema {
    /// Keys every check may have.
    static let commonKeys = ["name", "kind", "interval", "timeout", "enabled", "severity", "incident", "warning", "critical"]
        + DecisionKeysDecoder.keys

    /// Keys only checks of one kind may have.
    static let kindKeys: [String: [String]] = [
        "postgres": ["database", "query"],
        "http": ["url", "method", "expect_status", "expect_body_contains"],
        "command": ["argv", "env"],
        "disk": ["path"],
        "memory": [],
        "systemd_unit": ["unit"],
        "event_store": ["database", "table", "aggregate_column", "version_column", "timestamp_column", "id_column",
                        "first_version", "max_issues", "position_column", "full_every"],
        "backup_age": ["destination", "max_age"],
        "file_permissions": ["paths", "owner", "group", "max_mode", "no_world_writable", "secrets"],
        "tls": ["address", "server_name", "starttls", "min_version", "ca_file"],
        "auth": ["url", "method", "scheme", "header", "credential_file", "credential", "expired_credential_file",
                 "refused_status", "accepted_status"],
        "contract": ["spec", "spec_url", "baseline", "base_url", "operations", "parameters"],
        "load": LoadRequestReader.requestKeys + LoadRequestReader.shapeKeys + ["max_concurrency", "max_rate", "max_duration"],
    ]

    static var allKindKeys: [String] { kindKeys.values.flatMap { $0 } }

    static let defaultInterval: Duration = .seconds(30)
    static let defaultTimeout: Duration = .seconds(10)

    /// P1, except where a failure means lost data: an event store's consistency is P0.
    static func defaultSeverity(of kind: CheckKind) -> Severity {
        if case .eventStore = kind { return .p0 }
        return .p1
    }

    static let httpMethods = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]

    /// The unit types systemd knows; a unit name must end in one of them.
    static let unitSuffixes = [".service", ".socket", ".target", ".mount", ".automount", ".timer", ".path",
                               ".swap", ".slice", ".scope", ".device"]

    /// Check names appear in journal fields, file names and command lines: keep them plain.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar)
                || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "." || scalar == "-")
        }
    }
}
