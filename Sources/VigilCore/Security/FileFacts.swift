/// What `lstat` says of one path, with its owner and group as names (or numbers where the host has
/// no such user): what the configuration review judges.
public struct FileFacts: Sendable, Equatable {
    public enum Kind: String, Sendable { case file, directory, symlink, other }

    public var path: String
    public var kind: Kind
    /// The permission bits with setuid, setgid and sticky (`0o7777`).
    public var mode: UInt32
    public var owner: String
    public var group: String

    public init(path: String, kind: Kind, mode: UInt32, owner: String, group: String) {
        self.path = path
        self.kind = kind
        self.mode = mode
        self.owner = owner
        self.group = group
    }
}

/// One finding of the review: the path, what it is and what it should be.
public struct FileViolation: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var found: String
    public var expected: String

    public init(path: String, found: String, expected: String) {
        self.path = path
        self.found = found
        self.expected = expected
    }

    public var description: String { "\(path) is \(found), should be \(expected)" }
}

extension FileFacts {
    /// `0644`: four octal digits, as `chmod` takes them.
    public static func modeText(_ mode: UInt32) -> String {
        let digits = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(4 - digits.count, 0)) + digits
    }
}
