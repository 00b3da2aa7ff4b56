/// A `contract` check: the seed's contract tests. Exercise the named operations of an OpenAPI
/// document against the live API and validate each response against the document; with a
/// baseline, also report the live document drifting incompatibly from it.
public struct ContractCheckSettings: Sendable, Equatable {
    /// The document responses are validated against; the live one from `specURL` when not given.
    public var spec: String?
    /// Where the API serves its own document, for the drift check (and the validation without `spec`).
    public var specURL: String?
    /// The approved version of the document; the live one must not break it.
    public var baseline: String?
    /// Where requests go; the document's first server when not given.
    public var baseURL: String?
    /// operationIds or `METHOD /path`, as the document writes them.
    public var operations: [String]
    /// Values for the operations' parameters, by name; the document's examples otherwise.
    public var parameters: [String: String]

    public init(spec: String? = nil, specURL: String? = nil, baseline: String? = nil, baseURL: String? = nil,
                operations: [String] = [], parameters: [String: String] = [:]) {
        self.spec = spec
        self.specURL = specURL
        self.baseline = baseline
        self.baseURL = baseURL
        self.operations = operations
        self.parameters = parameters
    }
}
