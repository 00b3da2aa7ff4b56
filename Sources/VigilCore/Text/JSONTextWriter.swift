/// Writes a `JSONNode` tree as `JSONEncoder` does with `.sortedKeys` and `.withoutEscapingSlashes`:
/// keys sorted by their UTF-8 bytes, `"key" : value` with two-space indents when pretty.
struct JSONTextWriter {
    let pretty: Bool
    var bytes: [UInt8] = []

    init(pretty: Bool) {
        self.pretty = pretty
        bytes.reserveCapacity(4096)
    }

    mutating func write(_ node: JSONNode, depth: Int) {
        switch node {
        case .literal(let text):
            bytes.append(contentsOf: text.utf8)
        case .string(let text):
            writeString(text)
        case .array(let array):
            bytes.append(UInt8(ascii: "["))
            guard !array.values.isEmpty else { return closeEmpty(UInt8(ascii: "]"), depth) }
            for (index, value) in array.values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                write(value, depth: depth + 1)
            }
            newline(depth)
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            guard !object.keys.isEmpty else { return closeEmpty(UInt8(ascii: "}"), depth) }
            let keys = object.keys
            let order = keys.indices.sorted { Self.precedes(keys[$0], keys[$1]) }
            for (position, index) in order.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                writeString(keys[index])
                bytes.append(contentsOf: pretty ? " : ".utf8 : ":".utf8)
                write(object.values[index], depth: depth + 1)
            }
            newline(depth)
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// `[]` and `{}`, or pretty, an empty line between the brackets (as `JSONEncoder` writes them).
    private mutating func closeEmpty(_ bracket: UInt8, _ depth: Int) {
        if pretty { bytes.append(UInt8(ascii: "\n")) }
        newline(depth)
        bytes.append(bracket)
    }

    private mutating func newline(_ depth: Int) {
        guard pretty else { return }
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    /// Byte order of the UTF-8 forms, as `JSONEncoder` sorts.
    static func precedes(_ left: String, _ right: String) -> Bool {
        var left = left, right = right
        return left.withUTF8 { a in
            right.withUTF8 { b in
                let common = min(a.count, b.count)
                for index in 0..<common where a[index] != b[index] { return a[index] < b[index] }
                return a.count < b.count
            }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    bytes.append(contentsOf: "u00".utf8)
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
