/// `[release]`: where the running version of the platform is read, how often, and how long a
/// version must run with no confirmed CRITICAL check before it is the last known good.
public struct ReleaseSettings: Sendable, Equatable {
    /// Where the version comes from: the first line of a file, or of a command's output.
    public enum Source: Sendable, Equatable {
        case file(String)
        case command([String])
    }

    public static let defaultEvery: Duration = .seconds(15)
    public static let defaultStableFor: Duration = .seconds(600)
    public static let defaultTimeout: Duration = .seconds(10)
    /// The longest version Vigil accepts: a version is a name, not a document.
    public static let maximumVersionLength = 200

    public var source: Source
    public var every: Duration
    public var stableFor: Duration
    /// How long `version_command` may run.
    public var timeout: Duration

    public init(source: Source, every: Duration = defaultEvery, stableFor: Duration = defaultStableFor,
                timeout: Duration = defaultTimeout) {
        self.source = source
        self.every = every
        self.stableFor = stableFor
        self.timeout = timeout
    }

    /// How the journal and `vigil validate` name the source.
    public var sourceDescription: String {
        switch source {
        case .file(let path): "version_file \(path)"
        case .command(let argv): "version_command \(argv.first ?? "")"
        }
    }
}
