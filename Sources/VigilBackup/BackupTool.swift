import FoundationEssentials
import VigilCore
import VigilProcess

/// Runs one of the programs a backup is made with (pg_dump, pg_restore, tar), argv only, with an
/// environment of its own, up to the backup's deadline; a failure says how it ended and what it
/// wrote on stderr that says why: a tool says why at the end of its stderr, so that end is what is
/// kept (of stdout, the answer, the first `stdoutLimit` bytes). A cancelled backup
/// (`ChildCancellation.current`) fails at the step it was at, with the cancellation's reason.
enum BackupTool {
    static let path = "/usr/bin:/bin"

    @discardableResult
    static func run(_ argv: [String], environment: [String: String] = [:], step: String,
                    deadline: ContinuousClock.Instant, stdoutLimit: Int = 65_536) throws(BackupError) -> String {
        var environment = environment
        environment["PATH"] = environment["PATH"] ?? path
        environment["LC_ALL"] = "C"
        let result: ChildResult
        do {
            result = try ChildProcess.run(ChildCommand(argv: argv, environment: environment), deadline: deadline,
                                          stdout: .first(stdoutLimit), stderr: .last(stderrLimit))
        } catch {
            if let reason = ChildCancellation.current?.reason { throw BackupError(step: step, reason) }
            throw BackupError(step: step, "cannot run \(argv[0]): \(error)")
        }
        // A cancelled backup stops at this step, however its child ended.
        if let reason = ChildCancellation.current?.reason { throw BackupError(step: step, reason) }
        if result.timedOut { throw BackupError(step: step, "\(argv[0]) did not finish before the backup's timeout") }
        guard result.termination == .exited(0) else {
            let said = reason(in: result.stderr, cut: result.stderrDropped > 0).map { ": \($0)" } ?? ""
            throw BackupError(step: step, "\(argv[0]) \(result.termination)\(said)")
        }
        return result.stdout
    }

    /// The last bytes of stderr kept: far more than the lines that say why.
    static let stderrLimit = 65_536

    /// The line that says why: PostgreSQL's tools write `pg_dump: error: …` and then details
    /// (`detail: Query was: …`) that do not, so the first error line wins over the last line.
    /// A `cut` stderr (its start dropped) begins mid-line: that fragment is no line of its own.
    static func reason(in standardError: String, cut: Bool = false) -> String? {
        let lines = standardError.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .dropFirst(cut ? 1 : 0).map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        return lines.first { $0.contains("error:") } ?? lines.last
    }

    /// The first line of `program --version`, for the manifest.
    static func version(_ program: String, deadline: ContinuousClock.Instant) -> String {
        let output = try? run([program, "--version"], step: "version", deadline: deadline)
        return output?.split(whereSeparator: \.isNewline).first.map(String.init) ?? "unknown"
    }
}
