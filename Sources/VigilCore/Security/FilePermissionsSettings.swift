/// A `file_permissions` check: the seed's configuration review on the host. The rules hold for
/// every path `paths` matches; `no_world_writable` for every entry of the trees under them; each
/// secret must be 0600 or tighter and owned by its service's user.
public struct FilePermissionsSettings: Sendable, Equatable {
    /// A file of secrets (a key, a password file) and the user that runs the service reading it.
    public struct Secret: Sendable, Equatable {
        public var path: String
        public var owner: String

        public init(path: String, owner: String) {
            self.path = path
            self.owner = owner
        }
    }

    /// Absolute paths or glob patterns (`*`, `?`, `[…]`).
    public var paths: [String]
    public var owner: String?
    public var group: String?
    /// No permission bit beyond these on a regular file (`0640`: no write for the group, nothing for others).
    public var maxMode: UInt32?
    public var noWorldWritable: Bool
    public var secrets: [Secret]

    public init(paths: [String] = [], owner: String? = nil, group: String? = nil, maxMode: UInt32? = nil,
                noWorldWritable: Bool = false, secrets: [Secret] = []) {
        self.paths = paths
        self.owner = owner
        self.group = group
        self.maxMode = maxMode
        self.noWorldWritable = noWorldWritable
        self.secrets = secrets
    }

    /// The most a secret may allow: read and write for its owner.
    public static let secretMode: UInt32 = 0o600
}
