import TOMLKit
import VigilCore

/// A `contract` check's keys: `spec` and/or `spec_url`, `baseline` (needs `spec_url`), `base_url`,
/// `operations` (operationIds or `METHOD /path`) and `parameters` (values by name).
enum ContractDecoder {
    static func decode(_ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> ContractCheckSettings? {
        let scope = reader.scope
        let errorsBefore = diagnostics.count
        var settings = ContractCheckSettings()
        settings.spec = reader.absolutePath("spec", &diagnostics)
        for (key, keyPath) in [("spec_url", \ContractCheckSettings.specURL), ("base_url", \ContractCheckSettings.baseURL)] {
            guard let url = reader.string(key, &diagnostics) else { continue }
            CheckDecoder.validateURL(url, scope, key: key, &diagnostics)
            settings[keyPath: keyPath] = url
        }
        settings.baseline = reader.absolutePath("baseline", &diagnostics)
        if let operations = reader.stringArray("operations", &diagnostics) {
            if operations.isEmpty { diagnostics.report(scope, key: "operations", "must not be empty: name operationIds or \"METHOD /path\", or leave the key out") }
            for (index, name) in operations.enumerated() where !isOperationName(name) {
                diagnostics.report(scope, key: "operations[\(index)]",
                                   "must be an operationId such as \"getHealth\" or \"METHOD /path\" such as \"GET /api/v1/documents/{id}\", got \(ValueText.quoted(name))")
            }
            settings.operations = operations
        }
        settings.parameters = parameters(&reader, &diagnostics) ?? [:]
        if diagnostics.count == errorsBefore {
            if settings.spec == nil && settings.specURL == nil {
                diagnostics.report(scope, key: "spec", "a contract check needs the document: spec = \"/etc/vigil/contracts/NAME.yaml\" or spec_url = \"http://…/openapi.json\"")
            } else if settings.baseline != nil && settings.specURL == nil {
                diagnostics.report(scope, key: "baseline", "compares the live document with the baseline: give spec_url, where the API serves its document")
            } else if settings.operations.isEmpty && settings.baseline == nil {
                diagnostics.report(scope, key: "operations", "a contract check needs operations to exercise or a baseline to hold the live document to")
            }
        }
        return diagnostics.count == errorsBefore ? settings : nil
    }

    /// An operationId (no spaces), or a method, one space and a path starting with /.
    static func isOperationName(_ name: String) -> Bool {
        let parts = name.split(separator: " ", omittingEmptySubsequences: false)
        if parts.count == 1 { return !name.isEmpty }
        return parts.count == 2 && CheckSchema.httpMethods.contains(parts[0].uppercased()) && parts[1].hasPrefix("/")
    }

    /// `parameters = { id = "7", limit = 20 }`: strings or integers, by parameter name.
    static func parameters(_ reader: inout TableReader, _ diagnostics: inout Diagnostics) -> [String: String]? {
        guard let table = reader.table("parameters", &diagnostics) else { return nil }
        let inner = TableReader(table, scope: reader.scope, keyPrefix: reader.displayKey("parameters") + ".")
        var values: [String: String] = [:]
        for (name, value) in inner.entries {
            if let text = value.string { values[name] = text }
            else if let number = value.int { values[name] = String(number) }
            else if let flag = value.bool { values[name] = flag ? "true" : "false" }
            else {
                diagnostics.report(reader.scope, key: inner.displayKey(name), "expected a string, an integer or a boolean, got \(ValueText.typeName(value.type))")
                return nil
            }
        }
        return values
    }
}
