/// The changes between two versions of a document, each breaking or compatible for a client built
/// against the old one. Breaking: a removed path, operation or success status; a new required
/// parameter, body or request property; a response property removed or no longer required; a
/// type changed (narrowed, where requests are concerned); a removed enum value. A renamed property
/// shows as one removed and one added. Path parameters match by their place, so renaming one is not a change.
public struct ContractDiff {
    let old: ContractDocument
    let new: ContractDocument
    var found: [ContractChange] = []

    public static func changes(from old: ContractDocument, to new: ContractDocument) -> [ContractChange] {
        var diff = ContractDiff(old: old, new: new)
        diff.compareDocuments()
        return diff.found
    }

    enum Direction { case request, response }

    mutating func note(_ breaking: Bool, _ operation: String, _ location: String = "", _ change: String) {
        found.append(ContractChange(breaking: breaking, operation: operation, location: location, change: change))
    }

    /// `/pets/{petId}` and `/pets/{id}` are one path.
    static func pathKey(_ path: String) -> String {
        var key = ""
        var inParameter = false
        for character in path {
            if character == "{" { inParameter = true; key += "{}" } else if character == "}" { inParameter = false } else if !inParameter { key.append(character) }
        }
        return key
    }

    mutating func compareDocuments() {
        let oldPaths = Dictionary(grouping: old.operations) { Self.pathKey($0.path) }
        let newPaths = Dictionary(grouping: new.operations) { Self.pathKey($0.path) }
        for key in oldPaths.keys.sorted() {
            let before = oldPaths[key]!
            guard let after = newPaths[key] else {
                note(true, before[0].path, "", "path removed, with \(before.map(\.method).joined(separator: ", "))")
                continue
            }
            for operation in before {
                guard let counterpart = after.first(where: { $0.method == operation.method }) else {
                    note(true, operation.label, "", "operation removed")
                    continue
                }
                compare(operation, counterpart)
            }
            for operation in after where !before.contains(where: { $0.method == operation.method }) {
                note(false, operation.label, "", "operation added")
            }
        }
        for key in newPaths.keys.sorted() where oldPaths[key] == nil {
            note(false, newPaths[key]![0].path, "", "path added, with \(newPaths[key]!.map(\.method).joined(separator: ", "))")
        }
    }

    mutating func compare(_ before: ContractOperation, _ after: ContractOperation) {
        let label = after.label
        compareParameters(before, after, label)
        compareRequestBody(before.requestBody, after.requestBody, label)
        for response in before.responses {
            guard let counterpart = after.responses.first(where: { $0.status == response.status }) else {
                if response.isSuccess { note(true, label, "", "success status \(response.status) removed") }
                continue
            }
            for (type, schema) in response.content.sorted(by: { $0.key < $1.key }) {
                guard let newSchema = counterpart.content[type] else {
                    if response.isSuccess { note(true, label, "response \(response.status)", "no longer \(type)") }
                    continue
                }
                if let schema, let newSchema, ResponseReview.isJSON(type) {
                    compareSchema(schema, newSchema, .response, label, "response \(response.status)", JSONPath.root, depth: 0)
                }
            }
        }
        for response in after.responses where !before.responses.contains(where: { $0.status == response.status }) {
            note(false, label, "", "status \(response.status) added")
        }
    }

    /// Path parameters by their place in the path; the others by location and name.
    mutating func compareParameters(_ before: ContractOperation, _ after: ContractOperation, _ label: String) {
        func key(_ parameter: ContractParameter, _ operation: ContractOperation) -> String {
            guard parameter.location == .path else { return "\(parameter.location.rawValue) \(parameter.name)" }
            let place = Self.pathParameterNames(operation.path).firstIndex(of: parameter.name) ?? -1
            return "path #\(place)"
        }
        let oldByKey = Dictionary(before.parameters.map { (key($0, before), $0) }, uniquingKeysWith: { first, _ in first })
        for parameter in after.parameters {
            let where_ = "\(parameter.location.rawValue) parameter \(parameter.name)"
            guard let previous = oldByKey[key(parameter, after)] else {
                note(parameter.required, label, where_, parameter.required ? "new and required" : "new, optional")
                continue
            }
            if parameter.required, !previous.required { note(true, label, where_, "now required") }
            if let oldSchema = previous.schema, let newSchema = parameter.schema {
                compareSchema(oldSchema, newSchema, .request, label, where_, "", depth: 0)
            }
        }
        let newKeys = Set(after.parameters.map { key($0, after) })
        for parameter in before.parameters where !newKeys.contains(key(parameter, before)) {
            note(false, label, "\(parameter.location.rawValue) parameter \(parameter.name)", "no longer read")
        }
    }

    static func pathParameterNames(_ path: String) -> [String] {
        path.split(separator: "{").dropFirst().compactMap { $0.split(separator: "}", maxSplits: 1).first.map(String.init) }
    }

    mutating func compareRequestBody(_ before: ContractRequestBody?, _ after: ContractRequestBody?, _ label: String) {
        guard let after else {
            if before != nil { note(false, label, "request body", "no longer read") }
            return
        }
        guard let before else {
            note(after.required, label, "request body", after.required ? "new and required" : "new, optional")
            return
        }
        if after.required, !before.required { note(true, label, "request body", "now required") }
        for (type, schema) in before.content.sorted(by: { $0.key < $1.key }) {
            guard let newSchema = after.content[type] else {
                note(true, label, "request body", "\(type) no longer accepted")
                continue
            }
            if let schema, let newSchema, ResponseReview.isJSON(type) {
                compareSchema(schema, newSchema, .request, label, "request body", JSONPath.root, depth: 0)
            }
        }
    }

    /// Two schemas for the same place; `path` is the JSON path within the body (empty for a parameter).
    mutating func compareSchema(_ before: ContractSchema, _ after: ContractSchema, _ direction: Direction, _ label: String,
                                _ place: String, _ path: String, depth: Int) {
        guard depth < 32 else { return }
        let oldSchema = Self.flatten(before, old.schemas)
        let newSchema = Self.flatten(after, new.schemas)
        let where_ = path.isEmpty || path == JSONPath.root ? place : "\(place) \(path)"
        let request = direction == .request

        let oldTypes = Set(oldSchema.types), newTypes = Set(newSchema.types)
        if !oldTypes.isEmpty || !newTypes.isEmpty, oldTypes != newTypes {
            let from = Self.typeList(oldSchema.types), to = Self.typeList(newSchema.types)
            // A request may now send less than before (narrowed); a response may return what a client never saw (changed).
            let breaking = request ? !Self.accepts(newTypes, all: oldTypes) : !Self.accepts(oldTypes, all: newTypes)
            let word = Self.accepts(oldTypes, all: newTypes) ? "narrowed" : Self.accepts(newTypes, all: oldTypes) ? "widened" : "changed"
            note(breaking, label, where_, "type \(word) from \(from) to \(to)")
            if !(oldTypes.contains(.object) && newTypes.contains(.object)) && !(oldTypes.contains(.array) && newTypes.contains(.array)) { return }
        }
        if oldSchema.nullable != newSchema.nullable {
            if newSchema.nullable { note(!request, label, where_, request ? "now accepts null" : "may now be null") }
            else { note(request, label, where_, request ? "no longer accepts null" : "no longer null") }
        }
        if oldSchema.format != newSchema.format {
            let from = oldSchema.format ?? "none", to = newSchema.format ?? "none"
            let breaking = request ? newSchema.format != nil : oldSchema.format != nil
            note(breaking, label, where_, "format changed from \(from) to \(to)")
        }
        compareEnums(oldSchema.enumValues, newSchema.enumValues, request, label, where_)
        for name in oldSchema.properties.keys.sorted() {
            let here = JSONPath.property(name, of: path.isEmpty ? JSONPath.root : path)
            let location = "\(place) \(here)"
            guard let newProperty = newSchema.properties[name] else {
                note(!request, label, location, request ? "property no longer read" : "property removed")
                continue
            }
            let wasRequired = oldSchema.required.contains(name), isRequired = newSchema.required.contains(name)
            if request, isRequired, !wasRequired { note(true, label, location, "now required") }
            if !request, wasRequired, !isRequired { note(true, label, location, "no longer required (may be absent)") }
            compareSchema(oldSchema.properties[name]!, newProperty, direction, label, place, here, depth: depth + 1)
        }
        for name in newSchema.properties.keys.sorted() where oldSchema.properties[name] == nil {
            let location = "\(place) \(JSONPath.property(name, of: path.isEmpty ? JSONPath.root : path))"
            let required = request && newSchema.required.contains(name)
            note(required, label, location, required ? "new required property" : "property added")
        }
        if let oldItems = oldSchema.items?.wrapped, let newItems = newSchema.items?.wrapped {
            compareSchema(oldItems, newItems, direction, label, place, JSONPath.items(of: path.isEmpty ? JSONPath.root : path), depth: depth + 1)
        }
        for (keyword, before, after) in [("oneOf", oldSchema.oneOf, newSchema.oneOf), ("anyOf", oldSchema.anyOf, newSchema.anyOf)] where before.count != after.count {
            // More alternatives surprise a client reading them; fewer refuse what a client sends.
            let breaking = request ? after.count < before.count : after.count > before.count
            note(breaking, label, where_, "\(keyword) has \(after.count) alternatives, was \(before.count)")
        }
    }

    mutating func compareEnums(_ before: [JSONValue]?, _ after: [JSONValue]?, _ request: Bool, _ label: String, _ where_: String) {
        switch (before, after) {
        case (let before?, let after?):
            for value in before where !after.contains(value) { note(true, label, where_, "enum value \(value) removed") }
            for value in after where !before.contains(value) { note(false, label, where_, "enum value \(value) added") }
        case (nil, let after?):
            note(request, label, where_, "now limited to \(after.map(\.description).joined(separator: ", "))")
        case (_?, nil):
            note(!request, label, where_, "no longer limited to an enum")
        case (nil, nil): break
        }
    }

    /// A schema with its `$ref` followed and its `allOf` members merged: what a value there must be.
    static func flatten(_ schema: ContractSchema, _ schemas: [String: ContractSchema], depth: Int = 0) -> ContractSchema {
        guard depth < 16 else { return schema }
        if let name = schema.reference, let target = schemas[name] {
            var resolved = flatten(target, schemas, depth: depth + 1)
            resolved.nullable = resolved.nullable || schema.nullable
            return resolved
        }
        guard !schema.allOf.isEmpty else { return schema }
        var merged = schema
        merged.allOf = []
        for member in schema.allOf.map({ flatten($0, schemas, depth: depth + 1) }) {
            if merged.types.isEmpty { merged.types = member.types }
            merged.format = merged.format ?? member.format
            merged.enumValues = merged.enumValues ?? member.enumValues
            merged.properties.merge(member.properties) { mine, _ in mine }
            merged.required += member.required.filter { !merged.required.contains($0) }
            if merged.items == nil { merged.items = member.items }
            merged.oneOf += member.oneOf
            merged.anyOf += member.anyOf
        }
        return merged
    }

    /// Whether a set of types takes every value of another (a number takes integers).
    static func accepts(_ types: Set<ContractSchema.JSONType>, all others: Set<ContractSchema.JSONType>) -> Bool {
        if types.isEmpty { return true }
        if others.isEmpty { return false }
        return others.allSatisfy { types.contains($0) || ($0 == .integer && types.contains(.number)) }
    }

    static func typeList(_ types: [ContractSchema.JSONType]) -> String {
        types.isEmpty ? "any" : types.map(\.rawValue).joined(separator: " or ")
    }
}
