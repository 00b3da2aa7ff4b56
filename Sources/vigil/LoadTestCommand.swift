import ArgumentParser
import VigilConfig
import VigilCore
import VigilLoad

/// `vigil loadtest SCENARIO.toml`: the seed's load test, run once from a scenario file and judged
/// against its thresholds, with exit codes a CI job or a release gate can act on.
struct LoadTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loadtest",
        abstract: "Run a load scenario against an HTTP service and judge it against its thresholds.",
        discussion: """
            The scenario file (TOML) says how hard and how long: concurrency (connections, each \
            with one request outstanding), duration = "30s" or requests = 10000 (the run stops by \
            itself at either), an optional rate (requests per second across all connections; \
            without it each connection sends its next request as soon as the last is answered), \
            timeout per request (10s), [thresholds] (max_average_ms = 5000 and max_error_percent = 5 \
            unless given, p99_ms when given) and one or more [[request]] tables (method, url, \
            headers, body) sent in turn, all to one http:// host and port (plain HTTP/1.1, keep-alive). \
            See docs/load-testing.md.

            Example:

              concurrency = 8
              duration = "30s"
              [thresholds]
              p99_ms = 250
              [[request]]
              url = "http://127.0.0.1:8080/api/health"

            Latencies are kept in an HdrHistogram. With a rate, each request's latency counts from \
            when it was due, not from when it could be sent, so a stalled server is charged for the \
            requests it held back (no coordinated omission).

            The report gives requests, errors by kind (connect, timeout, io, status_4xx, \
            status_5xx), throughput, min/mean/p50/p90/p99/max latency, and each threshold with what \
            was measured; --format json prints the same as one JSON object. Exits 0 when every \
            threshold holds, 2 when one fails, 3 when the run could not be made (an invalid \
            scenario, or a service that cannot be reached).
            """)

    @Argument(help: ArgumentHelp("The scenario file (TOML).", valueName: "scenario"))
    var scenario: String

    @Option(help: "Output format: text (the verdict, the figures, a table of the thresholds) or json.")
    var format: CheckCommand.Format = .text

    static let couldNotRun: Int32 = 3

    func run() throws {
        let settings: LoadScenario
        switch LoadScenarioDecoder.load(path: scenario) {
        case .success(let decoded): settings = decoded
        case .failure(let errors):
            for error in errors.errors { printToStandardError(error.description) }
            throw ExitCode(Self.couldNotRun)
        }
        let report: LoadReport
        do {
            report = try LoadRunner(scenario: settings).run()
        } catch {
            printToStandardError("vigil loadtest: \(error.description)")
            throw ExitCode(Self.couldNotRun)
        }
        let summary = LoadTestSummary(scenario: scenario, settings: settings, report: report,
                                      verdict: LoadJudgement.verdict(report, settings.thresholds))
        switch format {
        case .text: print(summary.text)
        case .json: printJSON(summary)
        }
        throw ExitCode(summary.passed ? 0 : 2)
    }
}
