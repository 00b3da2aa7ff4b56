import FoundationEssentials
import Glibc
import VigilCore
import VigilProcess

/// Reads the running version as `[release]` says: the first line of `version_file`, or of
/// `version_command`'s output (argv, no shell, an empty environment, killed at `timeout`).
/// Blocking: the daemon calls it off its queue.
public enum ReleaseVersionReader {
    /// How much of a version file or a command's output is read: a version is one short line.
    static let readLimit = 4096

    public static func read(_ settings: ReleaseSettings) -> Result<String, ReleaseVersion.Problem> {
        switch settings.source {
        case .file(let path): readFile(path)
        case .command(let argv): run(argv, timeout: settings.timeout)
        }
    }

    static func readFile(_ path: String) -> Result<String, ReleaseVersion.Problem> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard descriptor >= 0 else { return .failure(.init("cannot open \(path): \(ErrorText.text(ofErrno: errno))")) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            return .failure(.init("\(path) is not a regular file"))
        }
        var bytes = [UInt8](repeating: 0, count: readLimit)
        var count = 0
        while count < readLimit {
            let got = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + count, readLimit - count) }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { return .failure(.init("cannot read \(path): \(ErrorText.text(ofErrno: errno))")) }
            if got == 0 { break }
            count += got
        }
        return ReleaseVersion.firstLine(of: Array(bytes[..<count])).mapError { .init("\(path): \($0)") }
    }

    static func run(_ argv: [String], timeout: Duration) -> Result<String, ReleaseVersion.Problem> {
        let result: ChildResult
        do {
            result = try ChildProcess.run(ChildCommand(argv: argv, environment: [:]), deadline: .now + timeout,
                                          stdout: .first(readLimit), stderr: .last(1024))
        } catch {
            return .failure(.init(error.description))
        }
        let program = argv[0]
        if result.timedOut { return .failure(.init("\(program) timed out after \(DurationText.format(timeout)); process group killed")) }
        guard result.termination == .exited(0) else {
            let said = result.stderr.split(whereSeparator: \.isNewline).last.map { ": \($0)" } ?? ""
            return .failure(.init("\(program) \(result.termination)\(said)"))
        }
        return ReleaseVersion.firstLine(of: Array(result.stdout.utf8)).mapError { .init("the output of \(program): \($0)") }
    }
}
