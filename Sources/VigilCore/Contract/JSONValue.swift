/// A JSON value as a response body or a schema's `enum` holds it: what the contract rules read.
/// Numbers are doubles; an integer is a number with no fraction, as JSON Schema counts it.
public indirect enum JSONValue: Sendable, Equatable, Codable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// A number JSON Schema calls an integer (no fraction, within a double's exact range).
    public var isInteger: Bool {
        guard case .number(let value) = self else { return false }
        return value.rounded() == value && abs(value) <= 9_007_199_254_740_992
    }

    /// The value as a violation quotes it: scalars in JSON form (a long string cut), containers by kind.
    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number(let value): isInteger ? String(Int64(value)) : String(value)
        case .string(let value): "\"" + (value.count > 40 ? String(value.prefix(40)) + "…" : value) + "\""
        case .array(let items): "an array of \(items.count)"
        case .object: "an object"
        }
    }
}
