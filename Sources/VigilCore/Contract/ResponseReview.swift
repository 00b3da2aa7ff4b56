/// One response judged against its operation's contract: the status must be documented, the
/// content type must be one the status documents, and a JSON body must match its schema.
public enum ResponseReview {
    /// What came back from exercising an operation.
    public struct Exchange: Sendable, Equatable {
        public var status: Int
        /// The Content-Type header, parameters and all; nil when there was none.
        public var contentType: String?
        public var body: [UInt8]

        public init(status: Int, contentType: String?, body: [UInt8]) {
            self.status = status
            self.contentType = contentType
            self.body = body
        }
    }

    public static func violations(of exchange: Exchange, _ operation: ContractOperation, in document: ContractDocument,
                                  parse: ([UInt8]) -> Result<JSONValue, ParseFailure>) -> [ContractViolation] {
        let name = operation.id ?? operation.label
        guard let response = operation.response(for: exchange.status) else {
            let documented = operation.responses.map(\.status).joined(separator: ", ")
            return [ContractViolation(operation: name, message: "status \(exchange.status) is not in the document (it has \(documented))")]
        }
        if response.content.isEmpty { return [] }
        let mediaType = exchange.contentType.map(Self.mediaType) ?? ""
        guard let key = Self.documentedType(mediaType, among: Array(response.content.keys)) else {
            let documented = response.content.keys.sorted().joined(separator: ", ")
            let got = mediaType.isEmpty ? "no content type" : "content type \(mediaType)"
            return [ContractViolation(operation: name, message: "status \(exchange.status): \(got), the document has \(documented)")]
        }
        guard let schema = response.content[key] ?? nil, Self.isJSON(key == "*/*" ? mediaType : key) else { return [] }
        switch parse(exchange.body) {
        case .failure(let failure):
            return [ContractViolation(operation: name, message: "status \(exchange.status): the body is not JSON: \(failure.reason)")]
        case .success(let value):
            return SchemaValidator(schemas: document.schemas).violations(of: value, against: schema).map {
                ContractViolation(operation: name, path: $0.path, message: $0.message)
            }
        }
    }

    public struct ParseFailure: Error, Sendable, Equatable {
        public var reason: String
        public init(_ reason: String) { self.reason = reason }
    }

    /// `application/json; charset=utf-8` → `application/json`.
    public static func mediaType(_ header: String) -> String {
        String(header.split(separator: ";", maxSplits: 1).first ?? "").trimmingWhitespace.lowercased()
    }

    /// The documented media type a response's type matches: itself, then `type/*`, then `*/*`.
    static func documentedType(_ type: String, among documented: [String]) -> String? {
        if documented.contains(type) { return type }
        let family = (type.split(separator: "/").first.map(String.init) ?? "") + "/*"
        if documented.contains(family) { return family }
        return documented.contains("*/*") ? "*/*" : nil
    }

    /// JSON and its `+json` kin, whose bodies the schema checks.
    public static func isJSON(_ type: String) -> Bool {
        type == "application/json" || type.hasSuffix("+json")
    }
}
