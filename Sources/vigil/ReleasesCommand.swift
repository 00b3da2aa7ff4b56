import ArgumentParser
import FoundationEssentials
import VigilConfig
import VigilCore
import VigilDaemon

/// `vigil releases`: the platform's versions the daemon has seen, read from its state folder (so it
/// works whether the daemon runs or not, and changes nothing).
struct ReleasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "releases",
        abstract: "List the platform's releases the daemon has seen, newest first.",
        discussion: """
            Reads <state_dir>/releases.json (read-only), which the daemon keeps when [release] \
            says where the running version is read: one row per version with when it was first \
            and last seen, when it became the last known good (a version that ran [release] \
            stable_for with no check confirmed CRITICAL) and how it ended (good, rolled back, \
            failed rollback); the running version and the last known good are marked. Exits 0, \
            65 for an invalid configuration, 1 when the file cannot be read.
            """)

    @Option(help: "Output format: text (one aligned row per version) or json.")
    var format: CheckCommand.Format = .text

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let configuration = try options.load()
        let book = try Self.book(of: configuration)
        if configuration.release == nil, format == .text {
            printToStandardError("note: no [release] table in the configuration, so the daemon reads no version")
        }
        switch format {
        case .text: print(ReleaseText.list(book))
        case .json: printJSON(ReleaseList(book))
        }
    }
}

extension ReleasesCommand {
    /// The daemon's `releases.json`, read-only; empty before the first read; exit 1 when it cannot be read.
    static func book(of configuration: VigilConfiguration) throws -> ReleaseBook {
        let directory = StateDirectory.path(for: configuration.daemon, environment: ProcessInfo.processInfo.environment)
        let store = StateStore<ReleaseBook>(directory: directory, fileName: ReleaseBook.fileName)
        switch store.load(readOnly: true) {
        case .fresh: return ReleaseBook()
        case .loaded(let loaded, _): return loaded
        case .setAside(_, let reason), .unusable(let reason):
            printToStandardError("cannot read \(store.path): \(reason)")
            throw ExitCode.failure
        }
    }
}

/// `vigil releases --format json`.
struct ReleaseList: Encodable {
    var running: String?
    var lastKnownGood: String?
    /// Newest first, as the text lists them.
    var releases: [ReleaseRecord]

    init(_ book: ReleaseBook) {
        running = book.running
        lastKnownGood = book.lastKnownGood?.version
        releases = book.records.reversed()
    }
}
