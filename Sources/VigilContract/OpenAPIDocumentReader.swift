import Foundation
import OpenAPIKit
import OpenAPIKit30
import OpenAPIKitCompat
import VigilCore
import Yams

/// Reads an OpenAPI 3.0 or 3.1 document, JSON or YAML, with OpenAPIKit and Yams, and brings it to
/// the core's `ContractDocument`. A 3.0 document is converted to 3.1 first, so `nullable` and the
/// `"null"` type come out the same.
public enum OpenAPIDocumentReader {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The document in `text`; `name` (its file or URL) only for errors.
    public static func read(_ text: String, name: String) throws(Failure) -> ContractDocument {
        let version: String
        do {
            version = try YAMLDecoder().decode(VersionField.self, from: text).openapi
        } catch {
            if let syntax = syntaxError(error) { throw Failure(description: "\(name): not YAML or JSON: \(syntax)") }
            throw Failure(description: "\(name): not an OpenAPI document: it has no `openapi` version field")
        }
        let document: OpenAPIKit.OpenAPI.Document
        do {
            if version.hasPrefix("3.0") {
                document = try YAMLDecoder().decode(OpenAPIKit30.OpenAPI.Document.self, from: text).convert(to: .v3_1_1)
            } else if version.hasPrefix("3.1") || version.hasPrefix("3.2") {
                document = try YAMLDecoder().decode(OpenAPIKit.OpenAPI.Document.self, from: text)
            } else {
                throw Failure(description: "\(name): OpenAPI \(version) is not read; 3.0 and 3.1 are")
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "\(name): not a valid OpenAPI \(version) document: \(OpenAPIKit.OpenAPI.Error(from: error).localizedDescription)")
        }
        var contract = ContractDocumentMapping(document).contractDocument
        contract.openapi = version
        return contract
    }

    struct VersionField: Decodable { let openapi: String }

    /// Yams' parse error, bare or inside the decoder's; its first line has the line and column.
    static func syntaxError(_ error: any Error) -> String? {
        var found: any Error = error
        if case DecodingError.dataCorrupted(let context) = error, let underlying = context.underlyingError { found = underlying }
        guard found is YamlError else { return nil }
        return String(String(describing: found).split(separator: "\n").first ?? "")
    }
}
