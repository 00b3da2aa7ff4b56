/// One way a response broke its contract: which operation, where in the body (when it is the
/// body), and what was expected against what came.
public struct ContractViolation: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public var operation: String
    /// The JSON path in the body (`$.items[3].createdAt`); nil for the status or the content type.
    public var path: String?
    public var message: String

    public init(operation: String = "", path: String? = nil, message: String) {
        self.operation = operation
        self.path = path
        self.message = message
    }

    public var description: String {
        let place = path.map { "\($0): " } ?? ""
        return operation.isEmpty ? place + message : "\(operation): \(place)\(message)"
    }
}
