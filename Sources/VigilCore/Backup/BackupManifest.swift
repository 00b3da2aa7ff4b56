import FoundationEssentials

/// `manifest.json`, the last file written into a backup: what it holds, checksummed, and whether
/// it was verified. A backup without one, or whose files no longer match it, is not a backup.
public struct BackupManifest: Sendable, Equatable, Codable {
    public static let fileName = "manifest.json"
    public static let formatVersion = 1

    public struct Artefact: Sendable, Equatable, Codable {
        public enum Kind: String, Sendable, Codable {
            /// `pg_dump --format=custom` of the database.
            case databaseDump = "database-dump"
            /// A tar.gz of one storage path.
            case storageArchive = "storage-archive"
            /// A configuration file, copied.
            case configFile = "config-file"
        }

        /// Relative to the backup's folder.
        public var path: String
        public var kind: Kind
        /// What it was made from: the database's name, the storage or config path.
        public var source: String
        public var bytes: Int64
        /// Lower-case hex SHA-256 of the file's bytes.
        public var sha256: String

        public init(path: String, kind: Kind, source: String, bytes: Int64, sha256: String) {
            self.path = path
            self.kind = kind
            self.source = source
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    public struct Database: Sendable, Equatable, Codable {
        /// The `[database.NAME]` it was dumped from.
        public var name: String
        public var serverVersion: String
        public var sizeBytes: Int64

        public init(name: String, serverVersion: String, sizeBytes: Int64) {
            self.name = name
            self.serverVersion = serverVersion
            self.sizeBytes = sizeBytes
        }
    }

    /// One table's exact row count in the snapshot the dump was taken in.
    public struct TableRows: Sendable, Equatable, Codable {
        /// `schema.table`, unquoted.
        public var table: String
        public var rows: Int64

        public init(table: String, rows: Int64) {
            self.table = table
            self.rows = rows
        }
    }

    public struct Verification: Sendable, Equatable, Codable {
        public var verified: Bool
        /// What was checked (`checksums`, `pg_restore --list`, `tar -t`), each with its result.
        public var steps: [String]
        public var checkedAt: Date

        public init(verified: Bool, steps: [String], checkedAt: Date) {
            self.verified = verified
            self.steps = steps
            self.checkedAt = BackupManifest.wholeSeconds(checkedAt)
        }
    }

    public var format: Int
    public var name: String
    public var label: String?
    public var startedAt: Date
    public var finishedAt: Date
    /// `pg_dump --version` and `tar --version`, first lines.
    public var tools: [String: String]
    public var database: Database
    public var artefacts: [Artefact]
    public var verification: Verification
    /// Every user table's row count in the dump's snapshot (absent from manifests written before it existed).
    public var tables: [TableRows]?
    /// The platform's version running when the backup was taken (`[release]`), so a rollback can
    /// restore the last backup of the last known good release; nil without `[release]`.
    public var release: String?

    public init(name: BackupName, finishedAt: Date, tools: [String: String], database: Database, artefacts: [Artefact],
                verification: Verification, tables: [TableRows]? = nil, release: String? = nil) {
        format = Self.formatVersion
        self.name = name.description
        label = name.label
        startedAt = name.createdAt
        self.finishedAt = Self.wholeSeconds(finishedAt)
        self.tools = tools
        self.database = database
        self.artefacts = artefacts
        self.verification = verification
        self.tables = tables
        self.release = release
    }

    public var totalBytes: Int64 { artefacts.reduce(0) { $0 + $1.bytes } }

    /// Times are written as ISO 8601 to the second, so a manifest reads back equal to what was written.
    public static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }
}
