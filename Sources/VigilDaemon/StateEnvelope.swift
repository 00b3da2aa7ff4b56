import FoundationEssentials
import VigilCore

/// The state file's frame around the document: format version, save time, and the length and
/// CRC-32 of the state's exact bytes (the layout is described on `StateStore`).
enum StateEnvelope {
    static let formatVersion = 1

    /// Why a state file is not trusted.
    struct Problem: Error, Equatable {
        let reason: String
    }

    /// One line of JSON (no newline inside, one at the end), so envelopes can also follow each other in a log.
    static func encode<Document: Encodable>(_ document: Document, savedAt: Date) throws -> (Data, StateFileIdentity) {
        let state = try TreeJSONEncoder().encode(document)
        let identity = StateFileIdentity(savedAt: savedAtText(savedAt), length: state.count, crc32: CRC32.checksum(state))
        let header = #"{"format":\#(formatVersion),"saved_at":"\#(identity.savedAt)","length":\#(identity.length),"crc32":\#(identity.crc32),"state":"#
        return (Data(header.utf8) + state + Data("}\n".utf8), identity)
    }

    static func decode<Document: Decodable>(_ data: Data, as type: Document.Type) -> Result<(Document, Date, StateFileIdentity), Problem> {
        guard !data.isEmpty else { return .failure(Problem(reason: "the file is empty")) }
        let decoder = JSONDecoder()
        let format: Int
        do {
            format = try decoder.decode(FormatField.self, from: data).format
        } catch {
            return .failure(Problem(reason: "not a Vigil state file: \(summary(of: error))"))
        }
        guard format == formatVersion else {
            return .failure(Problem(reason: "format version \(format) is unknown (this Vigil reads version \(formatVersion))"))
        }
        let header: Header
        do {
            header = try decoder.decode(Header.self, from: data)
        } catch {
            return .failure(Problem(reason: "the header is damaged: \(summary(of: error))"))
        }
        guard let savedAt = try? Date(header.savedAt, strategy: .iso8601) else {
            return .failure(Problem(reason: "the header is damaged: saved_at \"\(header.savedAt)\" is not an ISO 8601 time"))
        }
        let state: Data
        switch stateBytes(of: data, length: header.length) {
        case .success(let bytes): state = bytes
        case .failure(let problem): return .failure(problem)
        }
        let checksum = CRC32.checksum(state)
        guard checksum == header.crc32 else {
            return .failure(Problem(reason: "the state's checksum is \(checksum), the header says \(header.crc32)"))
        }
        do {
            let identity = StateFileIdentity(savedAt: header.savedAt, length: header.length, crc32: header.crc32)
            return .success((try decoder.decode(Document.self, from: state), savedAt, identity))
        } catch {
            return .failure(Problem(reason: "the state does not decode: \(summary(of: error))"))
        }
    }

    /// The `length` bytes of the state value: right before the closing brace, right after `"state":`.
    private static func stateBytes(of data: Data, length: Int) -> Result<Data, Problem> {
        let bytes = [UInt8](data)
        var end = bytes.count
        while end > 0, [UInt8(ascii: "\n"), UInt8(ascii: " "), UInt8(ascii: "\r"), UInt8(ascii: "\t")].contains(bytes[end - 1]) {
            end -= 1
        }
        let marker = Array(#""state":"#.utf8)
        guard end > 0, bytes[end - 1] == UInt8(ascii: "}"), length >= 0, end - 1 - length - marker.count >= 0 else {
            return .failure(Problem(reason: "the state is not \(length) bytes long, as the header says"))
        }
        let stateEnd = end - 1
        let stateStart = stateEnd - length
        guard Array(bytes[(stateStart - marker.count)..<stateStart]) == marker else {
            return .failure(Problem(reason: "the state is not \(length) bytes long, as the header says"))
        }
        return .success(Data(bytes[stateStart..<stateEnd]))
    }

    private static func savedAtText(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// A decoding error in one line: where in the JSON and what was wrong.
    static func summary(of error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func at(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.isEmpty ? "" : " at \(path)"
        }
        switch error {
        case .dataCorrupted(let context):
            return "\(context.debugDescription)\(at(context))"
        case .keyNotFound(let key, let context):
            return "missing \"\(key.stringValue)\"\(at(context))"
        case .typeMismatch(let type, let context):
            return "expected \(type)\(at(context))"
        case .valueNotFound(let type, let context):
            return "expected \(type)\(at(context)), found null"
        @unknown default:
            return "\(error)"
        }
    }

    private struct FormatField: Decodable {
        let format: Int
    }

    private struct Header: Decodable {
        let savedAt: String
        let length: Int
        let crc32: UInt32

        enum CodingKeys: String, CodingKey {
            case savedAt = "saved_at"
            case length
            case crc32
        }
    }
}

/// Names one written state document exactly, by its envelope's header: a log of changes names the
/// snapshot it follows, so a log left beside a newer snapshot is known to be stale.
public struct StateFileIdentity: Codable, Equatable, Sendable {
    public var savedAt: String
    public var length: Int
    public var crc32: UInt32
}
