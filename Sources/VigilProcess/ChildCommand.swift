/// What to run as a child: an argv (never a shell line) and the child's whole environment.
public struct ChildCommand: Sendable, Equatable {
    /// The program and its arguments; a program without a `/` is looked up in the child's own
    /// `PATH` (or a standard one), never in Vigil's.
    public var argv: [String]
    /// Everything the child sees: nothing of Vigil's environment (NOTIFY_SOCKET, WATCHDOG_*) leaks in.
    public var environment: [String: String]
    /// Where the child starts; Vigil's own working directory when `nil`.
    public var workingDirectory: String?
    /// What the child reads on stdin (then end of file); /dev/null when `nil`.
    public var standardInput: [UInt8]?

    public init(argv: [String], environment: [String: String], workingDirectory: String? = nil, standardInput: [UInt8]? = nil) {
        self.argv = argv
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.standardInput = standardInput
    }
}
