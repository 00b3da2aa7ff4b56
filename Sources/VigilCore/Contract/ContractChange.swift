/// One difference between two versions of an API's document, breaking for its clients or not.
public struct ContractChange: Sendable, Equatable, Codable, CustomStringConvertible {
    public var breaking: Bool
    /// `GET /pets/{id}`, or a path alone when a whole path came or went.
    public var operation: String
    /// Where in the operation: `response 200 $.items[*].tag`, `query parameter limit`; empty for the operation itself.
    public var location: String
    public var change: String

    public init(breaking: Bool, operation: String, location: String = "", change: String) {
        self.breaking = breaking
        self.operation = operation
        self.location = location
        self.change = change
    }

    public var description: String {
        location.isEmpty ? "\(operation): \(change)" : "\(operation) \(location): \(change)"
    }
}
