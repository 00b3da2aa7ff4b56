import Foundation
import OpenAPIKit
import VigilCore

/// OpenAPIKit's 3.1 document in the core's terms: operations with their parameters, bodies and
/// responses (references to components looked up), schemas with their `$ref`s kept as names.
struct ContractDocumentMapping {
    let document: OpenAPI.Document

    init(_ document: OpenAPI.Document) { self.document = document }

    var contractDocument: ContractDocument {
        var schemas: [String: ContractSchema] = [:]
        for (key, schema) in document.components.schemas { schemas[key.rawValue] = contract(schema) }
        return ContractDocument(title: document.info.title, version: document.info.version, openapi: document.openAPIVersion.rawValue,
                                servers: document.servers.map(\.urlTemplate.absoluteString),
                                operations: operations, schemas: schemas)
    }

    var operations: [ContractOperation] {
        document.paths.flatMap { path, item -> [ContractOperation] in
            guard let item = document.components[item] else { return [] }
            let shared = item.parameters
            return item.endpoints.map { endpoint in
                let operation = endpoint.operation
                // An operation's own parameter replaces the path item's of the same name and place.
                var parameters = shared.compactMap(parameter)
                for own in operation.parameters.compactMap(parameter) {
                    parameters.removeAll { $0.name == own.name && $0.location == own.location }
                    parameters.append(own)
                }
                return ContractOperation(id: operation.operationId, method: endpoint.method.rawValue.uppercased(), path: path.rawValue,
                                         parameters: parameters, requestBody: operation.requestBody.flatMap(requestBody),
                                         responses: operation.responses.compactMap(response))
            }
        }
    }

    func parameter(_ either: Either<OpenAPI.Reference<OpenAPI.Parameter>, OpenAPI.Parameter>) -> ContractParameter? {
        guard let parameter = document.components[either] else { return nil }
        let location = ContractParameter.Location(rawValue: parameter.location.rawValue) ?? .query
        var schema: ContractSchema?
        var example: AnyCodable?
        switch parameter.schemaOrContent {
        case .a(let context):
            schema = contract(context.schema)
            example = context.example ?? context.examples?.values.lazy.compactMap { self.document.components[$0]?.value?.value }.first
            if example == nil, case .b(let inline) = context.schema { example = inline.examples.first ?? inline.defaultValue }
        case .b(let content):
            schema = content.values.lazy.compactMap { self.document.components[$0]?.schema }.first.map(contract)
        }
        return ContractParameter(name: parameter.name, location: location, required: parameter.required, schema: schema,
                                 example: example.map(Self.text))
    }

    func requestBody(_ either: Either<OpenAPI.Reference<OpenAPI.Request>, OpenAPI.Request>) -> ContractRequestBody? {
        guard let request = document.components[either] else { return nil }
        return ContractRequestBody(required: request.required, content: content(request.content))
    }

    func response(_ status: OpenAPI.Response.StatusCode, _ either: Either<OpenAPI.Reference<OpenAPI.Response>, OpenAPI.Response>) -> ContractResponse? {
        guard let response = document.components[either] else { return nil }
        return ContractResponse(status: status.rawValue, content: content(response.content))
    }

    func content(_ map: OpenAPI.Content.Map) -> [String: ContractSchema?] {
        var result: [String: ContractSchema?] = [:]
        for (type, either) in map {
            result[type.typeAndSubtype.lowercased()] = .some(document.components[either]?.schema.map(contract))
        }
        return result
    }

    func contract(_ either: Either<OpenAPI.Reference<JSONSchema>, JSONSchema>) -> ContractSchema {
        switch either {
        case .a(let reference): ContractSchema.ref(reference.name ?? reference.absoluteString)
        case .b(let schema): contract(schema)
        }
    }

    func contract(_ schema: JSONSchema) -> ContractSchema {
        var result = ContractSchema(nullable: schema.nullable)
        if let format = schema.formatString, !format.isEmpty { result.format = format }
        result.enumValues = schema.allowedValues?.map(Self.value)
        switch schema.value {
        case .null: result.types = [.null]
        case .boolean: result.types = [.boolean]
        case .number: result.types = [.number]
        case .integer: result.types = [.integer]
        case .string: result.types = [.string]
        case .object(_, let object):
            result.types = [.object]
            for (name, property) in object.properties { result.properties[name] = contract(property) }
            result.required = object.requiredProperties
            switch object.additionalProperties {
            case .none, .a(true): result.additionalProperties = .allowed
            case .a(false): result.additionalProperties = .forbidden
            case .b(let other): result.additionalProperties = .schema(Indirect(contract(other)))
            }
        case .array(_, let array):
            result.types = [.array]
            result.items = array.items.map { Indirect(contract($0)) }
        case .all(of: let members, core: _): result.allOf = members.map(contract)
        case .one(of: let members, core: _): result.oneOf = members.map(contract)
        case .any(of: let members, core: _): result.anyOf = members.map(contract)
        case .reference(let reference, _): result.reference = reference.name ?? reference.absoluteString
        case .not, .fragment: break
        }
        return Self.nullableIdiom(result)
    }

    /// 3.0's `nullable: true` beside a lone `allOf: [$ref]`, and 3.1's `anyOf`/`oneOf` of a schema and
    /// `{type: "null"}`, both mean "this schema, or null": one shape for both, so versions compare equal.
    static func nullableIdiom(_ schema: ContractSchema) -> ContractSchema {
        var bare = schema
        bare.allOf = []
        bare.anyOf = []
        bare.oneOf = []
        bare.nullable = false
        guard bare == ContractSchema() else { return schema }
        if schema.allOf.count == 1, schema.anyOf.isEmpty, schema.oneOf.isEmpty {
            var inner = schema.allOf[0]
            inner.nullable = inner.nullable || schema.nullable
            return inner
        }
        let members = schema.anyOf.isEmpty ? schema.oneOf : schema.anyOf
        let isNull = { (member: ContractSchema) in member.types == [.null] }
        if schema.allOf.isEmpty, schema.anyOf.isEmpty != schema.oneOf.isEmpty, members.count == 2, let other = members.first(where: { !isNull($0) }),
           members.contains(where: isNull) {
            var inner = other
            inner.nullable = true
            return inner
        }
        return schema
    }

    /// A value of the document (an enum member, an example) as JSON: through its own encoding.
    static func value(_ any: AnyCodable) -> JSONValue {
        guard let data = try? JSONEncoder().encode(any), let value = try? JSONDecoder().decode(JSONValue.self, from: data) else { return .null }
        return value
    }

    /// An example as a request carries it: a string as itself, anything else in JSON.
    static func text(_ any: AnyCodable) -> String {
        if case .string(let text) = value(any) { return text }
        if case .number = value(any) { return value(any).description }
        guard let data = try? JSONEncoder().encode(any) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}
