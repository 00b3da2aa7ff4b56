import Glibc

/// A system call that failed while writing a file: which one, on which path, and the system's
/// reason (`No space left on device`, `Read-only file system`, ...).
public struct FileWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let operation: String
    /// The `errno` the call left.
    public let errorNumber: Int32
    /// Whether the descriptor was closed before the failure (so cleanup must not close it again).
    let alreadyClosed: Bool

    /// Captures `errno` now: call it right after the failing system call, before anything else.
    public init(path: String, operation: String, errorNumber: Int32 = errno) {
        self.init(path: path, operation: operation, errorNumber: errorNumber, alreadyClosed: false)
    }

    init(path: String, operation: String, errorNumber: Int32 = errno, alreadyClosed: Bool) {
        self.path = path
        self.operation = operation
        self.errorNumber = errorNumber
        self.alreadyClosed = alreadyClosed
    }

    /// The same failure whatever cleanup it needed: `alreadyClosed` is the writer's own business.
    public static func == (left: FileWriteError, right: FileWriteError) -> Bool {
        left.path == right.path && left.operation == right.operation && left.errorNumber == right.errorNumber
    }

    public var reason: String { String(cString: strerror(errorNumber)) }
    public var description: String { "\(operation) \(path): \(reason)" }
}
