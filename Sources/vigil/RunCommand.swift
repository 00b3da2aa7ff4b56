import ArgumentParser
import Dispatch
import FoundationEssentials
import Logging
import VigilConfig
import VigilCore
import VigilDaemon
import VigilSystemd

/// `vigil run`: the daemon, in the foreground, as systemd runs it.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon in the foreground.",
        discussion: """
            Loads the configuration, arms one timer per enabled check, tells systemd READY=1 and \
            runs until SIGTERM or SIGINT. SIGHUP reloads the configuration: a bad one is rejected \
            and the running one kept. Status changes go to the journal (or to stderr on a terminal) \
            with fixed MESSAGE_IDs; the live report is written to <runtime_dir>/status.json. On the \
            console each event is one line of time, priority and message; --fields (or --log-level \
            debug) adds the fields the journal would hold, as [CHECK=… STATUS=…].
            """)

    @OptionGroup var options: ConfigOptions

    @Option(help: "Where events go: auto (the journal when stderr is connected to it, else the console), journal, or console.")
    var logTarget: LogTarget = .auto

    @Option(help: "The least important events written: emerg, alert, crit, err, warning, notice, info or debug.")
    var logLevel: LogLevel = .info

    @Flag(help: "On the console, follow each message with its journal fields ([CHECK=… STATUS=…]); on with --log-level debug.")
    var fields = false

    @Option(help: ArgumentHelp("Wedge the decision loop after this duration, to prove that the watchdog stops.",
                               visibility: .hidden))
    var debugWedgeLoopAfter: String?

    func validate() throws {
        if let debugWedgeLoopAfter, DurationText.parse(debugWedgeLoopAfter) == nil {
            throw ValidationError("--debug-wedge-loop-after: not a duration: \(debugWedgeLoopAfter)")
        }
    }

    func run() throws {
        let output: any EventSink = switch logTarget.resolved() {
        case .journal: JournalWriter()
        default: ConsoleWriter(minimumPriority: logLevel.priority, includeFields: fields || logLevel == .debug)
        }
        let sink = MinimumPrioritySink(minimum: logLevel.priority, next: output)
        let level = logLevel.loggerLevel
        LoggingSystem.bootstrap { label in JournalLogHandler(label: label, sink: sink, logLevel: level) }

        let configuration: VigilConfiguration
        switch ConfigLoader.load(paths: options.paths) {
        case .success(let loaded): configuration = loaded
        case .failure(let errors):
            for error in errors.errors {
                sink.write(.daemonError("invalid configuration", reason: error.description))
            }
            throw ExitCode(ExitStatus.invalidConfiguration)
        }
        let stepGroups = StepGroupRegistry(runtimeDirectory: RuntimeDirectory.path(
            for: configuration.daemon, environment: ProcessInfo.processInfo.environment))
        let executor = StepExecutor(groups: stepGroups)
        let loop = DecisionLoop(
            configuration: configuration,
            options: .init(configPaths: options.paths, version: VigilCommand.version,
                           wedgeAfter: debugWedgeLoopAfter.flatMap(DurationText.parse),
                           executeStep: { step in await executor.execute(step) },
                           stepGroups: stepGroups),
            sink: sink, logger: Logger(label: "vigil"))
        loop.start()
        dispatchMain()
    }
}
