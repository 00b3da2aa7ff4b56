/// A JSON schema as the contract rules read it: OpenAPI 3.0's and 3.1's forms brought to one shape
/// (3.0's `nullable` and 3.1's `"null"` type both set `nullable`). `$ref`s stay names, resolved
/// against the document's components when needed, so recursive schemas are fine.
public struct ContractSchema: Sendable, Equatable, Codable {
    public enum JSONType: String, Sendable, Codable, CaseIterable {
        case null, boolean, integer, number, string, array, object
    }

    /// How an object treats properties it does not name.
    public enum Additional: Sendable, Equatable, Codable {
        case allowed
        case forbidden
        case schema(Indirect<ContractSchema>)
    }

    /// `#/components/schemas/NAME`'s NAME: this schema is that one.
    public var reference: String?
    /// The types a value may have; empty for any.
    public var types: [JSONType]
    public var nullable: Bool
    public var format: String?
    public var enumValues: [JSONValue]?
    public var properties: [String: ContractSchema]
    public var required: [String]
    public var additionalProperties: Additional
    public var items: Indirect<ContractSchema>?
    public var allOf: [ContractSchema]
    public var oneOf: [ContractSchema]
    public var anyOf: [ContractSchema]

    public init(reference: String? = nil, types: [JSONType] = [], nullable: Bool = false, format: String? = nil,
                enumValues: [JSONValue]? = nil, properties: [String: ContractSchema] = [:], required: [String] = [],
                additionalProperties: Additional = .allowed, items: ContractSchema? = nil,
                allOf: [ContractSchema] = [], oneOf: [ContractSchema] = [], anyOf: [ContractSchema] = []) {
        self.reference = reference
        self.types = types
        self.nullable = nullable
        self.format = format
        self.enumValues = enumValues
        self.properties = properties
        self.required = required
        self.additionalProperties = additionalProperties
        self.items = items.map(Indirect.init)
        self.allOf = allOf
        self.oneOf = oneOf
        self.anyOf = anyOf
    }

    public static func ref(_ name: String) -> ContractSchema { ContractSchema(reference: name) }

    /// What the schema expects, as a violation names it: `string (date-time)`, `integer or null`, `Pet`.
    public var expectation: String {
        if let reference { return reference }
        var text = types.isEmpty ? "any value" : types.map(\.rawValue).joined(separator: " or ")
        if let format { text += " (\(format))" }
        if nullable { text += " or null" }
        return text
    }
}

/// A value kept behind a reference, so that a schema can hold schemas of its own kind.
public indirect enum Indirect<Value: Sendable & Equatable & Codable>: Sendable, Equatable, Codable {
    case value(Value)

    public init(_ value: Value) { self = .value(value) }

    public var wrapped: Value {
        switch self { case .value(let value): value }
    }

    public init(from decoder: any Decoder) throws { self = .value(try Value(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try wrapped.encode(to: encoder) }
}
