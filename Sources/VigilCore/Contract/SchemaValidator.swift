/// Checks a JSON value against a contract schema: types, `nullable`, `enum`, the formats that
/// matter, required and additional properties, array items, `allOf`/`oneOf`/`anyOf` and `$ref`s
/// into the document's components. Each violation names its JSON path.
public struct SchemaValidator: Sendable {
    /// The document's named schemas, for `$ref`s.
    public let schemas: [String: ContractSchema]
    /// Deeper than this, a chain of `$ref`s is taken to loop.
    static let maxDepth = 64

    public init(schemas: [String: ContractSchema]) { self.schemas = schemas }

    public func violations(of value: JSONValue, against schema: ContractSchema, at path: String = JSONPath.root) -> [ContractViolation] {
        check(value, schema, path, depth: 0)
    }

    func check(_ value: JSONValue, _ schema: ContractSchema, _ path: String, depth: Int) -> [ContractViolation] {
        guard depth < Self.maxDepth else { return [ContractViolation(path: path, message: "schema references nest deeper than \(Self.maxDepth)")] }
        if value == .null, schema.nullable || schema.types.contains(.null) { return [] }
        if let name = schema.reference {
            guard let target = schemas[name] else {
                return [ContractViolation(path: path, message: "the schema \(name) is not in the document's components")]
            }
            let found = check(value, target, path, depth: depth + 1)
            // A null where the named schema does not allow it reads better with the schema's name.
            if value == .null, found.count == 1, found[0].path == path {
                return [ContractViolation(path: path, message: "expected \(name), got null")]
            }
            return found
        }
        var found: [ContractViolation] = []
        if !schema.types.isEmpty || value == .null && hasShape(schema) {
            guard let type = matchingType(value, schema.types) else {
                return [ContractViolation(path: path, message: "expected \(schema.expectation), got \(value)")]
            }
            found += checkType(value, type, schema, path, depth: depth)
        } else {
            // No type: the keywords still apply to the values they are about.
            if case .object = value { found += checkType(value, .object, schema, path, depth: depth) }
            if case .array = value { found += checkType(value, .array, schema, path, depth: depth) }
            if case .string = value { found += checkType(value, .string, schema, path, depth: depth) }
        }
        if let allowed = schema.enumValues, !allowed.contains(value), !(value == .null && schema.nullable) {
            let list = allowed.map(\.description).joined(separator: ", ")
            found.append(ContractViolation(path: path, message: "expected one of \(list), got \(value)"))
        }
        for member in schema.allOf { found += check(value, member, path, depth: depth + 1) }
        if !schema.anyOf.isEmpty, let failed = alternatives(value, schema.anyOf, path, depth: depth, keyword: "anyOf", exactlyOne: false) {
            found.append(failed)
        }
        if !schema.oneOf.isEmpty, let failed = alternatives(value, schema.oneOf, path, depth: depth, keyword: "oneOf", exactlyOne: true) {
            found.append(failed)
        }
        return found
    }

    /// A schema with no type whose members still say what it is: a null breaks them unless nullable.
    func hasShape(_ schema: ContractSchema) -> Bool {
        !schema.properties.isEmpty || schema.items != nil
    }

    /// The first of the allowed types the value has (an integer counts as a number).
    func matchingType(_ value: JSONValue, _ types: [ContractSchema.JSONType]) -> ContractSchema.JSONType? {
        types.first { type in
            switch (type, value) {
            case (.null, .null), (.boolean, .bool), (.number, .number), (.string, .string), (.array, .array), (.object, .object): true
            case (.integer, .number): value.isInteger
            default: false
            }
        }
    }

    func checkType(_ value: JSONValue, _ type: ContractSchema.JSONType, _ schema: ContractSchema, _ path: String, depth: Int) -> [ContractViolation] {
        switch value {
        case .string(let text):
            if let format = schema.format, !StringFormats.matches(text, format: format) {
                return [ContractViolation(path: path, message: "expected string (\(format)), got \(value)")]
            }
        case .number(let number) where type == .integer:
            let limits: ClosedRange<Double>? = switch schema.format {
            case "int32": -2_147_483_648...2_147_483_647
            case "int64": -9_223_372_036_854_775_808.0...9_223_372_036_854_775_808.0
            default: nil
            }
            if let limits, !limits.contains(number) {
                return [ContractViolation(path: path, message: "expected integer (\(schema.format!)), got \(value), out of its range")]
            }
        case .array(let items):
            guard let itemSchema = schema.items?.wrapped else { return [] }
            return items.enumerated().flatMap { check($1, itemSchema, JSONPath.index($0, of: path), depth: depth + 1) }
        case .object(let members):
            var found: [ContractViolation] = []
            for name in schema.required where members[name] == nil {
                found.append(ContractViolation(path: JSONPath.property(name, of: path), message: "required property is missing"))
            }
            for name in members.keys.sorted() {
                let member = members[name]!
                let here = JSONPath.property(name, of: path)
                if let property = schema.properties[name] {
                    found += check(member, property, here, depth: depth + 1)
                    continue
                }
                switch schema.additionalProperties {
                case .allowed: break
                case .forbidden: found.append(ContractViolation(path: here, message: "not in the schema, which allows no other properties"))
                case .schema(let other): found += check(member, other.wrapped, here, depth: depth + 1)
                }
            }
            return found
        default: break
        }
        return []
    }

    /// `anyOf` (at least one alternative) or `oneOf` (exactly one): nil when it holds, else one
    /// violation naming how each alternative failed.
    func alternatives(_ value: JSONValue, _ members: [ContractSchema], _ path: String, depth: Int, keyword: String, exactlyOne: Bool) -> ContractViolation? {
        let results = members.map { check(value, $0, path, depth: depth + 1) }
        let matched = results.indices.filter { results[$0].isEmpty }
        if matched.count == 1 || (!exactlyOne && !matched.isEmpty) { return nil }
        if matched.count > 1 {
            let names = matched.map { name(members[$0], $0) }.joined(separator: ", ")
            return ContractViolation(path: path, message: "matches \(matched.count) of \(keyword)'s schemas (\(names)), exactly one expected")
        }
        let why = results.indices.map { index in
            let first = results[index].first.map { ($0.path == path ? "" : "\($0.path ?? ""): ") + $0.message } ?? ""
            return "\(name(members[index], index)): \(first)"
        }.joined(separator: "; ")
        return ContractViolation(path: path, message: "matches none of \(keyword)'s \(members.count) schemas (\(why))")
    }

    func name(_ schema: ContractSchema, _ index: Int) -> String {
        schema.reference ?? "#\(index + 1)"
    }
}
