import ArgumentParser
import Dispatch
import FoundationEssentials
import Synchronization
import VigilConfig
import VigilCore
import VigilProbes

/// `vigil check`: runs checks once, now, and exits with the Nagios code of the result, so it
/// serves both people at a terminal and other monitoring systems.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run checks once and print the report.",
        discussion: """
            Runs the named checks (default: every enabled check) at once, each within its timeout, \
            and exits 0/1/2/3 for HEALTHY/WARNING/CRITICAL/UNKNOWN: with one name, that check's \
            status; with several, the overall status (CRITICAL if any is CRITICAL, else WARNING if \
            any is WARNING or UNKNOWN, else HEALTHY). A named check runs even when disabled.
            One name prints plugin output by default (the Monitoring Plugins format Icinga and \
            Nagios read: a status line with performance data, then details); several print the \
            table unless --format says otherwise.
            """)

    /// Text or JSON: the choice `vigil status` offers too.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    /// `vigil check` alone can also speak as a monitoring plugin.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, plugin
    }

    @Argument(help: "Names of the checks to run (default: every enabled check).")
    var names: [String] = []

    @OptionGroup var options: ConfigOptions

    @Option(help: """
        Output format: text (aligned lines), json (the stable SystemHealthReport shape) or plugin \
        (a Nagios/Icinga plugin's status line, performance data and details). Default: plugin \
        for one named check, else text.
        """)
    var format: OutputFormat?

    func run() throws {
        let configuration = try options.load()
        let selected = try select(from: configuration)
        let report = Self.runOnce(selected, factory: ProbeFactory(configuration: configuration))
        switch format ?? (names.count == 1 ? .plugin : .text) {
        case .text: print(report.text)
        case .json: print(String(decoding: report.json(prettyPrinted: true), as: UTF8.self))
        case .plugin: print(Self.pluginText(report, checks: selected, single: names.count == 1))
        }
        let status = names.count == 1 ? (report.checks.first?.status ?? .unknown) : report.overall
        throw ExitCode(status.exitCode)
    }

    private func select(from configuration: VigilConfiguration) throws -> [CheckDefinition] {
        guard !names.isEmpty else { return configuration.enabledChecks }
        let byName = Dictionary(configuration.checks.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let unknown = names.filter { byName[$0] == nil }
        guard unknown.isEmpty else {
            let known = configuration.checks.map(\.name).joined(separator: ", ")
            throw ValidationError("no check named \(unknown.joined(separator: ", ")); configured: \(known.isEmpty ? "none" : known)")
        }
        return names.compactMap { byName[$0] }
    }

    /// One check's plugin output, or the overall line and every check's when several ran.
    private static func pluginText(_ report: HealthReport, checks: [CheckDefinition], single: Bool) -> String {
        if single, let result = report.checks.first {
            return PluginReport.single(result, thresholds: checks.first?.thresholds ?? [])
        }
        let thresholds = Dictionary(checks.map { ($0.name, $0.thresholds) }, uniquingKeysWith: { first, _ in first })
        return PluginReport.several(report, thresholds: thresholds)
    }

    /// Runs every check concurrently and waits for all (each is bounded by its own timeout).
    static func runOnce(_ checks: [CheckDefinition], factory: ProbeFactory) -> HealthReport {
        let done = DispatchSemaphore(value: 0)
        let results = ResultBox()
        Task.detached {
            let collected = await withTaskGroup(of: (Int, CheckResult).self) { group in
                for (index, check) in checks.enumerated() {
                    group.addTask { (index, await ProbeRunner.run(check, probe: factory.probe(for: check))) }
                }
                var collected: [(Int, CheckResult)] = []
                for await item in group { collected.append(item) }
                return collected
            }
            results.set(collected.sorted(by: { $0.0 < $1.0 }).map(\.1))
            done.signal()
        }
        done.wait()
        return HealthReport(checks: results.get(), at: Date())
    }
}

/// Hands the results from the async task to the waiting main thread.
private final class ResultBox: Sendable {
    private let results = Mutex<[CheckResult]>([])
    func set(_ value: [CheckResult]) { results.withLock { $0 = value } }
    func get() -> [CheckResult] { results.withLock { $0 } }
}
