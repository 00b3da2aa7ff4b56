import ArgumentParser
import FoundationEssentials
import VigilCore
import VigilProbes

/// `vigil security`: every security check of the configuration run once, now, reported as the
/// seed's SecurityValidationPipeline reports a deployment: passed, or the critical issues.
struct SecurityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "security",
        abstract: "Run every security check once and print the security report.",
        discussion: """
            Runs each enabled check of a security kind (tls: a server's certificate and protocol; \
            auth: an endpoint's authentication flow; file_permissions: the configuration review) \
            at once, each within its timeout, and prints the report: passed, or each \
            critical issue with its check (every violation, not only the first few the check's \
            message names). --format json prints the seed's SecurityReport: timestamp, checks \
            (name, kind, status, message, issues), passed, criticalIssues. Exits 0 when it \
            passed, 2 when any check has a critical issue, 65 for an invalid configuration or \
            one without security checks.
            """)

    @OptionGroup var options: ConfigOptions

    @Option(help: "Output format: text (the verdict, then each check and its issues) or json (the SecurityReport).")
    var format: CheckCommand.Format = .text

    func run() throws {
        let configuration = try options.load()
        let checks = configuration.enabledChecks.filter(\.kind.isSecurityCheck)
        guard !checks.isEmpty else {
            printToStandardError("the configuration has no enabled check of a security kind (\(CheckKind.securityKindNames.joined(separator: ", "))); "
                                 + "see docs/configuration.md, kind = \"file_permissions\"")
            throw ExitCode(ExitStatus.invalidConfiguration)
        }
        let results = CheckCommand.runOnce(checks, factory: ProbeFactory(configuration: configuration)).checks
        let report = SecurityReport(checks: results.map(Self.check), at: Date())
        switch format {
        case .text: print(report.text)
        case .json: print(String(decoding: report.json(), as: UTF8.self))
        }
        throw ExitCode(report.passed ? 0 : 2)
    }

    /// A result as the report's check: its issues, or its message as the one issue of a run that
    /// could not look (a timeout, an error).
    static func check(_ result: CheckResult) -> SecurityReport.Check {
        let descriptions = result.issues.isEmpty && result.status != .healthy ? [result.message] : result.issues
        let severity = result.status == .healthy ? Status.warning : result.status
        return SecurityReport.Check(name: result.name, kind: result.kind, status: result.status, message: result.message,
                                    issues: descriptions.map { SecurityReport.Issue(check: result.name, severity: severity, description: $0) })
    }
}
