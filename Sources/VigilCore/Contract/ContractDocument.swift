/// An OpenAPI document as the contract rules read it: its operations, and the named schemas their
/// `$ref`s point at. The vigil-openapi helper makes one with OpenAPIKit and hands it over as JSON.
public struct ContractDocument: Sendable, Equatable, Codable {
    public var title: String
    public var version: String
    /// The `openapi` field: 3.0.x or 3.1.x.
    public var openapi: String
    /// The `servers`' URLs, in order; the first is the default base of requests.
    public var servers: [String]
    public var operations: [ContractOperation]
    /// `components.schemas`, by name.
    public var schemas: [String: ContractSchema]

    public init(title: String = "", version: String = "", openapi: String = "3.1.0", servers: [String] = [],
                operations: [ContractOperation], schemas: [String: ContractSchema] = [:]) {
        self.title = title
        self.version = version
        self.openapi = openapi
        self.servers = servers
        self.operations = operations
        self.schemas = schemas
    }

    /// The operation an `operations` entry names: an operationId, or `METHOD /path` as the document writes the path.
    public func operation(named name: String) -> ContractOperation? {
        if let found = operations.first(where: { $0.id == name }) { return found }
        let parts = name.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        return operations.first { $0.method == parts[0].uppercased() && $0.path == parts[1] }
    }
}

public struct ContractOperation: Sendable, Equatable, Codable {
    public var id: String?
    /// Upper case: GET, POST, …
    public var method: String
    /// As the document writes it: `/pets/{petId}`.
    public var path: String
    public var parameters: [ContractParameter]
    public var requestBody: ContractRequestBody?
    public var responses: [ContractResponse]

    public init(id: String? = nil, method: String, path: String, parameters: [ContractParameter] = [],
                requestBody: ContractRequestBody? = nil, responses: [ContractResponse]) {
        self.id = id
        self.method = method
        self.path = path
        self.parameters = parameters
        self.requestBody = requestBody
        self.responses = responses
    }

    /// `METHOD /path`: how reports and the diff name it.
    public var label: String { "\(method) \(path)" }

    /// The response documented for a status: the code itself, then its range (`2XX`), then `default`.
    public func response(for status: Int) -> ContractResponse? {
        responses.first { $0.status == String(status) }
            ?? responses.first { $0.status.uppercased() == "\(status / 100)XX" }
            ?? responses.first { $0.status == "default" }
    }
}

public struct ContractParameter: Sendable, Equatable, Codable {
    public enum Location: String, Sendable, Codable { case path, query, header, cookie }
    public var name: String
    public var location: Location
    public var required: Bool
    public var schema: ContractSchema?
    /// The document's example for it, as text to put in a request.
    public var example: String?

    public init(name: String, location: Location, required: Bool = false, schema: ContractSchema? = nil, example: String? = nil) {
        self.name = name
        self.location = location
        self.required = required
        self.schema = schema
        self.example = example
    }
}

public struct ContractRequestBody: Sendable, Equatable, Codable {
    public var required: Bool
    /// By media type; a nil schema documents the type with no schema.
    public var content: [String: ContractSchema?]

    public init(required: Bool, content: [String: ContractSchema?]) {
        self.required = required
        self.content = content
    }
}

public struct ContractResponse: Sendable, Equatable, Codable {
    /// `200`, `2XX` or `default`.
    public var status: String
    /// By media type; empty when the response documents no body.
    public var content: [String: ContractSchema?]

    public init(status: String, content: [String: ContractSchema?] = [:]) {
        self.status = status
        self.content = content
    }

    /// Whether this is a success (2xx) response.
    public var isSuccess: Bool { status.hasPrefix("2") }
}
