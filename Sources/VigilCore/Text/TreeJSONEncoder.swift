import FoundationEssentials

/// Encodes `Encodable` values to the same JSON text as Foundation's `JSONEncoder` with
/// `.sortedKeys` and `.withoutEscapingSlashes` (and `.prettyPrinted` when asked), at a fraction of
/// its cost: the daemon encodes every check into `status.json` each second and into its state log,
/// and `JSONEncoder` spent most of that in dictionaries, dynamic casts and generic metadata lookups.
/// Objects keep their keys in an array and are sorted once, by UTF-8 bytes, when written.
public struct TreeJSONEncoder: Sendable {
    /// How a `Date` is written: ISO 8601 to the second (`.iso8601`, as people read it), or as
    /// `Date` encodes itself (seconds since 2001, to the full precision of a `Double`).
    public enum DateStyle: Sendable {
        case iso8601
        case secondsSince2001
    }

    public var prettyPrinted: Bool
    public var dates: DateStyle

    public init(prettyPrinted: Bool = false, dates: DateStyle = .secondsSince2001) {
        self.prettyPrinted = prettyPrinted
        self.dates = dates
    }

    public func encode<Value: Encodable>(_ value: Value) throws -> Data {
        let node = try JSONTreeBuilder(dates: dates).box(value, at: [])
        var writer = JSONTextWriter(pretty: prettyPrinted)
        writer.write(node, depth: 0)
        return Data(writer.bytes)
    }
}

/// A value on its way to text; objects and arrays are classes so that containers can fill them.
enum JSONNode {
    case string(String)
    /// A number, `true`, `false` or `null`, already as text.
    case literal(String)
    case object(JSONObjectNode)
    case array(JSONArrayNode)
}

final class JSONObjectNode {
    var keys: [String] = []
    var values: [JSONNode] = []
}

final class JSONArrayNode {
    var values: [JSONNode] = []
}

/// The `Encoder` that `Encodable` types talk to; one per value being boxed.
final class JSONTreeBuilder: Encoder {
    let dates: TreeJSONEncoder.DateStyle
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// What this value became; nil until it asked for a container.
    var node: JSONNode?

    init(dates: TreeJSONEncoder.DateStyle, codingPath: [any CodingKey] = []) {
        self.dates = dates
        self.codingPath = codingPath
    }

    /// The node for `value`: the special cases `JSONEncoder` makes (dates, data, non-finite numbers), or what its `encode(to:)` builds.
    func box<Value: Encodable>(_ value: Value, at path: [any CodingKey]) throws -> JSONNode {
        if Value.self == Date.self, dates == .iso8601 {
            return .string(WallClock.text(value as! Date))
        }
        if Value.self == Data.self {
            return .string((value as! Data).base64EncodedString())
        }
        let builder = JSONTreeBuilder(dates: dates, codingPath: path)
        try value.encode(to: builder)
        return builder.node ?? .object(JSONObjectNode())
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: JSONObjectNode
        if case .object(let existing) = node {
            object = existing // a second keyed container on one encoder adds to the same object
        } else {
            object = JSONObjectNode()
            node = .object(object)
        }
        return KeyedEncodingContainer(JSONKeyedContainer<Key>(builder: self, object: object, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: JSONArrayNode
        if case .array(let existing) = node {
            array = existing
        } else {
            array = JSONArrayNode()
            node = .array(array)
        }
        return JSONUnkeyedContainer(builder: self, array: array, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleValueContainer(builder: self, codingPath: codingPath)
    }

    func number<Number: FloatingPoint & LosslessStringConvertible>(_ value: Number, at path: [any CodingKey]) throws -> JSONNode {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: path, debugDescription: "\(value) is not valid in JSON"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .literal(text)
    }
}

struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let builder: JSONTreeBuilder
    let object: JSONObjectNode
    let codingPath: [any CodingKey]

    private func add(_ node: JSONNode, _ key: Key) {
        object.keys.append(key.stringValue)
        object.values.append(node)
    }

    mutating func encodeNil(forKey key: Key) throws { add(.literal("null"), key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { add(.literal(value ? "true" : "false"), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { add(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { add(try builder.number(value, at: codingPath + [key]), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { add(try builder.number(value, at: codingPath + [key]), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { add(.literal(value.description), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { add(.literal(value.description), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { add(.literal(value.description), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { add(.literal(value.description), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { add(.literal(value.description), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { add(.literal(value.description), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { add(.literal(value.description), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { add(.literal(value.description), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { add(.literal(value.description), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { add(.literal(value.description), key) }

    mutating func encode<Value: Encodable>(_ value: Value, forKey key: Key) throws {
        add(try builder.box(value, at: codingPath + [key]), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObjectNode()
        add(.object(nested), key)
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(builder: builder, object: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = JSONArrayNode()
        add(.array(nested), key)
        return JSONUnkeyedContainer(builder: builder, array: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

    private func superEncoder(named name: String) -> any Encoder {
        let nested = JSONObjectNode()
        object.keys.append(name)
        object.values.append(.object(nested))
        let encoder = JSONTreeBuilder(dates: builder.dates, codingPath: codingPath)
        encoder.node = .object(nested)
        return encoder
    }
}

struct JSONUnkeyedContainer: UnkeyedEncodingContainer {
    let builder: JSONTreeBuilder
    let array: JSONArrayNode
    let codingPath: [any CodingKey]
    var count: Int { array.values.count }

    private var nextPath: [any CodingKey] { codingPath + [JSONIndexKey(index: array.values.count)] }

    mutating func encodeNil() throws { array.values.append(.literal("null")) }
    mutating func encode(_ value: Bool) throws { array.values.append(.literal(value ? "true" : "false")) }
    mutating func encode(_ value: String) throws { array.values.append(.string(value)) }
    mutating func encode(_ value: Double) throws { array.values.append(try builder.number(value, at: nextPath)) }
    mutating func encode(_ value: Float) throws { array.values.append(try builder.number(value, at: nextPath)) }
    mutating func encode(_ value: Int) throws { array.values.append(.literal(value.description)) }
    mutating func encode(_ value: Int64) throws { array.values.append(.literal(value.description)) }
    mutating func encode(_ value: UInt64) throws { array.values.append(.literal(value.description)) }

    mutating func encode<Value: Encodable>(_ value: Value) throws {
        array.values.append(try builder.box(value, at: nextPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObjectNode()
        let path = nextPath
        array.values.append(.object(nested))
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(builder: builder, object: nested, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONArrayNode()
        let path = nextPath
        array.values.append(.array(nested))
        return JSONUnkeyedContainer(builder: builder, array: nested, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let nested = JSONObjectNode()
        let encoder = JSONTreeBuilder(dates: builder.dates, codingPath: nextPath)
        array.values.append(.object(nested))
        encoder.node = .object(nested)
        return encoder
    }
}

struct JSONSingleValueContainer: SingleValueEncodingContainer {
    let builder: JSONTreeBuilder
    let codingPath: [any CodingKey]

    private func set(_ node: JSONNode) { builder.node = node }

    mutating func encodeNil() throws { set(.literal("null")) }
    mutating func encode(_ value: Bool) throws { set(.literal(value ? "true" : "false")) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { set(try builder.number(value, at: codingPath)) }
    mutating func encode(_ value: Float) throws { set(try builder.number(value, at: codingPath)) }
    mutating func encode(_ value: Int) throws { set(.literal(value.description)) }
    mutating func encode(_ value: Int8) throws { set(.literal(value.description)) }
    mutating func encode(_ value: Int16) throws { set(.literal(value.description)) }
    mutating func encode(_ value: Int32) throws { set(.literal(value.description)) }
    mutating func encode(_ value: Int64) throws { set(.literal(value.description)) }
    mutating func encode(_ value: UInt) throws { set(.literal(value.description)) }
    mutating func encode(_ value: UInt8) throws { set(.literal(value.description)) }
    mutating func encode(_ value: UInt16) throws { set(.literal(value.description)) }
    mutating func encode(_ value: UInt32) throws { set(.literal(value.description)) }
    mutating func encode(_ value: UInt64) throws { set(.literal(value.description)) }

    mutating func encode<Value: Encodable>(_ value: Value) throws {
        set(try builder.box(value, at: codingPath))
    }
}

struct JSONIndexKey: CodingKey {
    let index: Int
    init(index: Int) { self.index = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { index = intValue }
    var stringValue: String { "Index \(index)" }
    var intValue: Int? { index }
}
