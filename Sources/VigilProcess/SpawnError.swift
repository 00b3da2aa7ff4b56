import Glibc

/// A child that could not be started at all; the text names the program and the reason.
public struct SpawnError: Error, CustomStringConvertible, Equatable {
    public var program: String
    public var reason: String

    public init(program: String, reason: String) {
        self.program = program
        self.reason = reason
    }

    init(program: String, errno code: Int32) {
        self.init(program: program, reason: String(cString: strerror(code)))
    }

    /// "cannot run /x/y: No such file or directory".
    public var description: String { "cannot run \(program): \(reason)" }
}
