import ArgumentParser
import FoundationEssentials
import Glibc
import VigilConfig
import VigilCore

/// `vigil simulate`: replays recorded results through the daemon's decision engine on a virtual
/// clock, so thresholds can be tried on a laptop instead of on the database at 3 a.m.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Replay recorded check results and print every decision the engine would make.",
        discussion: """
            Feeds a replay through the same decision engine `vigil run` uses (confirmation, \
            flapping, dependencies, circuit breakers, budgeted remediation) with a virtual clock \
            that starts at 2030-01-01T00:00:00Z. Nothing is probed and nothing is executed: each \
            remediation step takes one virtual second and succeeds (or fails, with --steps fail). \
            Prints one line per decision (offset, check, decision, message), then a summary.

            A replay is JSON lines, one record per line; blank lines and lines starting with # \
            are skipped, and times must not go backwards:

              {"at": "0s", "check": "db", "status": "HEALTHY"}
              {"at": "30s", "check": "db", "status": "CRITICAL", "message": "refused"}
              {"at": 60, "check": "api", "status": "HEALTHY", "metrics": {"ms": 9}}
              {"at": "1m30s", "resume": "restart-db"}
              {"at": "20m"}

            "at" is the time since the start ("90s", "1m30s", "+1m30s", or a number of seconds). \
            A result line has "check" (an enabled check of the configuration) and "status" \
            (HEALTHY, WARNING, CRITICAL or UNKNOWN), and may have "message", "metrics" and \
            "duration_ms". A "resume" line is `vigil resume PLAN` typed at that moment. A line \
            with only "at" lets time pass: graces end and verifications time out. The clock stops \
            at the last line.

            Before each result the engine is asked whether the probe may run; when a dependency \
            is CRITICAL or a circuit is open it answers for the check (decision "answered") and \
            the recorded result is not used.

            Exit codes: 0 when the replay ran, 65 when the configuration or the replay is \
            invalid (each replay problem as FILE:LINE: problem).

            Examples with their expected output are in the repository's examples/replays:
              vigil simulate --config examples/replays/database.toml \
                --replay examples/replays/database-stays-dead.jsonl
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("The replay: a file of JSON lines, or - for standard input.", valueName: "file"))
    var replay: String

    @Option(help: "How every virtual remediation step ends: succeed (exit status 0) or fail (exit status 1).")
    var steps: Simulation.StepBehaviour = .succeed

    @Option(help: "Output format: text (aligned lines) or json (one object per decision with every journal field, then the summary).")
    var format: Format = .text

    func run() throws {
        let configuration = try options.load()

        let name = replay == "-" ? "<stdin>" : replay
        let text: String
        do {
            let data = replay == "-" ? try Self.readStandardInput()
                : try Data(contentsOf: URL(fileURLWithPath: replay))
            text = String(decoding: data, as: UTF8.self)
        } catch {
            printToStandardError("\(name): cannot read the replay: \(ErrorText.describe(error))")
            throw ExitCode(ExitStatus.invalidConfiguration)
        }
        let records: [ReplayRecord]
        do {
            records = try ReplayParser.parse(text, configuration: configuration)
        } catch {
            for problem in error.problems { printToStandardError("\(name):\(problem.line): \(problem.message)") }
            throw ExitCode(ExitStatus.invalidConfiguration)
        }

        var simulation = Simulation(configuration: configuration, steps: steps)
        let checkWidth = configuration.enabledChecks.map(\.name.count).max() ?? 1
        for record in records {
            for entry in simulation.feed(record) {
                print(format == .text ? entry.text(checkWidth: checkWidth) : entry.json)
            }
        }
        let summary = simulation.summary
        switch format {
        case .text: print("\n" + summary.text)
        case .json: print(summary.json)
        }
    }

    /// All of standard input (`--replay -`), read with plain `read(2)`.
    private static func readStandardInput() throws -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(STDIN_FILENO, &buffer, buffer.count)
            if count == 0 { return data }
            if count < 0 {
                if errno == EINTR { continue }
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            data.append(contentsOf: buffer[0..<count])
        }
    }
}

extension Simulation.StepBehaviour: ExpressibleByArgument {}
