import TOMLKit
import VigilCore

/// A `file_permissions` check's keys: `paths` (absolute paths or globs) with `owner`, `group`,
/// `max_mode` and `no_world_writable`, and `secrets` (`[{ path = "…", owner = "…" }]`).
enum FilePermissionsDecoder {
    static func decode(_ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> FilePermissionsSettings? {
        let scope = reader.scope
        let errorsBefore = diagnostics.count
        var settings = FilePermissionsSettings()
        if let paths = reader.stringArray("paths", &diagnostics) {
            for (index, path) in paths.enumerated() where !path.hasPrefix("/") {
                diagnostics.report(scope, key: "paths[\(index)]", "must be an absolute path or glob, got \(ValueText.quoted(path))")
            }
            settings.paths = paths
        }
        settings.owner = name("owner", &reader, &diagnostics)
        settings.group = name("group", &reader, &diagnostics)
        if let text = reader.string("max_mode", &diagnostics) {
            settings.maxMode = mode(text)
            if settings.maxMode == nil {
                diagnostics.report(scope, key: "max_mode", "must be an octal mode such as \"0640\", got \(ValueText.quoted(text))")
            }
        }
        settings.noWorldWritable = reader.bool("no_world_writable", &diagnostics) ?? false
        if reader.contains("secrets") {
            settings.secrets = reader.inlineTables("secrets", example: "{ path = \"/etc/alexandria/db.key\", owner = \"alexandria\" }",
                                                   whenEmpty: "name at least one file of secrets, or leave the key out", &diagnostics) {
                table, index, diagnostics in
                var secret = TableReader(table, scope: scope, keyPrefix: "secrets[\(index)].")
                let path = secret.string("path", required: true, &diagnostics)
                if let path, !path.hasPrefix("/") {
                    diagnostics.report(scope, key: "secrets[\(index)].path", "must be an absolute path or glob, got \(ValueText.quoted(path))")
                }
                let owner = name("owner", &secret, &diagnostics, required: true)
                secret.reportUnreadKeys(validKeys: ["path", "owner"], &diagnostics)
                guard let path, let owner else { return nil }
                return FilePermissionsSettings.Secret(path: path, owner: owner)
            } ?? []
        }
        if settings.paths.isEmpty && settings.secrets.isEmpty && diagnostics.count == errorsBefore {
            diagnostics.report(scope, key: "paths", "a file_permissions check needs paths to review or secrets to guard")
        }
        if !settings.paths.isEmpty && settings.owner == nil && settings.group == nil && settings.maxMode == nil && !settings.noWorldWritable
            && diagnostics.count == errorsBefore {
            diagnostics.report(scope, key: "paths", "says what to review but no rule: add owner, group, max_mode or no_world_writable")
        }
        return diagnostics.count == errorsBefore ? settings : nil
    }

    /// `0640`, `640` or `0o640`: at most four octal digits.
    static func mode(_ text: String) -> UInt32? {
        let digits = text.hasPrefix("0o") ? String(text.dropFirst(2)) : text
        guard (1...4).contains(digits.count), digits.allSatisfy({ ("0"..."7").contains($0) }) else { return nil }
        return UInt32(digits, radix: 8)
    }

    /// A user or group name as `useradd` allows them, or a numeric id.
    private static func name(_ key: String, _ reader: inout TableReader, _ diagnostics: inout Diagnostics,
                             required: Bool = false) -> String? {
        guard let name = reader.string(key, required: required, &diagnostics) else { return nil }
        let valid = !name.isEmpty && name.count <= 32 && !name.hasPrefix("-")
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") }
        guard valid else {
            diagnostics.report(reader.scope, key: reader.displayKey(key), "must be a user or group name such as \"alexandria\", got \(ValueText.quoted(name))")
            return nil
        }
        return name
    }
}
