/// One `[[request]]` of a load scenario: what each worker sends, in turn with the others.
public struct LoadRequest: Sendable, Equatable {
    /// A header as written, in the order written (HTTP allows repeats, so not a dictionary).
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public var method: String
    public var url: String
    public var headers: [Header]
    public var body: String?

    public init(method: String = "GET", url: String, headers: [Header] = [], body: String? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The URL taken apart; `nil` when it is not a plain `http://host[:port]/path` one.
    public var target: LoadTarget? { LoadTarget(url: url) }
}
