/// Which bytes of one of a child's streams are kept in memory: the first ones (where a listing
/// or a report starts), the last ones (where a failing tool says why), or both. The rest is read
/// and dropped, so a chatty child never blocks on a full pipe and never fills Vigil's memory.
public struct OutputCapture: Sendable, Equatable {
    /// Bytes kept from the start of the stream.
    public var first: Int
    /// Bytes kept from the end of the stream, of those after the first `first`.
    public var last: Int

    public init(first: Int = 0, last: Int = 0) {
        self.first = max(0, first)
        self.last = max(0, last)
    }

    /// The first `bytes` of the stream.
    public static func first(_ bytes: Int) -> OutputCapture { OutputCapture(first: bytes) }

    /// The last `bytes` of the stream.
    public static func last(_ bytes: Int) -> OutputCapture { OutputCapture(last: bytes) }
}
