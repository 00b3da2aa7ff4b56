import CSpawn
import Glibc

/// Runs a child in its own process group and makes sure the whole group is gone afterwards.
public enum ChildProcess {
    /// How long output is still collected after the child itself exits, for a background
    /// grandchild that keeps the pipe open; the group is then terminated.
    static let lingerAfterExit: Duration = .milliseconds(250)

    /// How often a run that can be cancelled looks at its cancellation while it waits.
    static let cancellationCheck: Duration = .milliseconds(50)

    /// The `PATH` searched when the child's environment has none.
    static let standardPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// Blocking: spawns, collects output until exit AND pipe EOF or the deadline, then
    /// terminates the group and reaps. At the deadline the group gets SIGTERM, and SIGKILL
    /// once `killGrace` has passed. A grandchild still holding the pipe 250 ms after the child
    /// exited gets the same (the child's own exit is then the result), and anything else left
    /// in the group gets SIGKILL, so nothing outlives the call.
    ///
    /// Of each stream, what `stdout` and `stderr` ask for is kept; the rest is read and dropped.
    /// The command's `standardInput` is written as the child reads it, in the same loop, and
    /// its pipe closed once written (end of file), once the child exits, or at the end.
    ///
    /// `onSpawn` gets the child's pid (its process group id) right after the spawn, so a caller
    /// can record the group somewhere that outlives its own process.
    ///
    /// A `cancellation` (or the one bound as `ChildCancellation.current`) that is cancelled ends the
    /// group as the deadline would, seen within `cancellationCheck`; one cancelled before the spawn
    /// spawns nothing and throws.
    public static func run(
        _ command: ChildCommand,
        deadline: ContinuousClock.Instant,
        killGrace: Duration = .seconds(1),
        stdout stdoutCapture: OutputCapture = .first(65_536),
        stderr stderrCapture: OutputCapture = .first(65_536),
        onSpawn: ((Int32) -> Void)? = nil,
        cancellation: ChildCancellation? = nil
    ) throws(SpawnError) -> ChildResult {
        let cancellation = cancellation ?? ChildCancellation.current
        if let reason = cancellation?.reason {
            throw SpawnError(program: command.argv.first ?? "\"\"", reason: "not started: \(reason)")
        }
        let clock = ContinuousClock()
        let start = clock.now
        let path = try executablePath(for: command)
        let environment = try environmentStrings(command)
        let spawned = try spawn(path: path, command: command, environment: environment)
        let pid = spawned.pid
        RunningGroups.add(pid)
        onSpawn?(pid)
        var stdin = InputFeeder(descriptor: spawned.stdin, bytes: command.standardInput ?? [])
        defer { stdin.close() }
        stdin.feed()
        var stdout = OutputCollector(descriptor: spawned.stdout, capture: stdoutCapture)
        var stderr = OutputCollector(descriptor: spawned.stderr, capture: stderrCapture)
        let exitDescriptor = vigil_pidfd_open(pid)
        defer { if exitDescriptor >= 0 { _ = close(exitDescriptor) } }

        var watch = ChildWatch(pid: pid, exitDescriptor: exitDescriptor)
        var exitedAt: ContinuousClock.Instant?
        var timedOut = false
        while true {
            if exitedAt == nil, watch.hasTerminated() {
                exitedAt = clock.now
                // Nobody is left to read what stdin still holds.
                stdin.close()
            }
            if exitedAt != nil, !stdout.isOpen, !stderr.isOpen { break }
            // Cancelled: the group is ended as at the deadline, without counting as timed out.
            if exitedAt == nil, cancellation?.isCancelled == true { break }
            let until = exitedAt.map { min(deadline, $0 + lingerAfterExit) } ?? deadline
            if clock.now >= until {
                timedOut = exitedAt == nil
                break
            }
            watch.wait(until: cancellation == nil ? until : min(until, clock.now + cancellationCheck), stdin: &stdin, stdout: &stdout, stderr: &stderr)
        }

        let groupStillHolds = exitedAt == nil || stdout.isOpen || stderr.isOpen
        if groupStillHolds {
            // The leader is not reaped yet, so its pid (the group id) cannot have been reused.
            _ = kill(-pid, SIGTERM)
            let graceEnd = clock.now + killGrace
            while clock.now < graceEnd {
                if watch.hasTerminated(), !stdout.isOpen, !stderr.isOpen { break }
                watch.wait(until: graceEnd, stdin: &stdin, stdout: &stdout, stderr: &stderr)
            }
        }
        // Whatever is left of the group (a background child that closed its output, one that
        // ignored SIGTERM) goes now, before the leader is reaped and its pid released.
        _ = kill(-pid, SIGKILL)
        RunningGroups.remove(pid)
        var exitCode: Int32 = 0
        var signalNumber: Int32 = 0
        let reaped = vigil_reap(pid, &exitCode, &signalNumber)
        // The killed members close their ends as they die; a process that left the group keeps
        // its copy open, so the last read is bounded.
        let drainEnd = clock.now + .milliseconds(100)
        while (stdout.isOpen || stderr.isOpen) && clock.now < drainEnd {
            watch.wait(until: drainEnd, stdin: &stdin, stdout: &stdout, stderr: &stderr)
        }
        stdout.drain()
        stderr.drain()
        stdout.close()
        stderr.close()

        let termination: ChildTermination = reaped != 0 || signalNumber == 0 ? .exited(exitCode) : .signaled(signalNumber)
        return ChildResult(
            termination: termination,
            stdout: stdout.text,
            stderr: stderr.text,
            stdoutDropped: stdout.dropped,
            stderrDropped: stderr.dropped,
            timedOut: timedOut,
            duration: clock.now - start
        )
    }

    /// The program as given when it names a path, otherwise the first executable of that name
    /// on the child's `PATH`.
    static func executablePath(for command: ChildCommand) throws(SpawnError) -> String {
        guard let program = command.argv.first, !program.isEmpty else {
            throw SpawnError(program: "\"\"", reason: "empty command")
        }
        if program.contains("/") { return program }
        let searchPath = command.environment["PATH"] ?? standardPath
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = "\(directory)/\(program)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        throw SpawnError(program: program, reason: "not found in PATH (\(searchPath))")
    }

    /// `NAME=value` in a stable order; names with `=` and anything with a NUL cannot be passed.
    static func environmentStrings(_ command: ChildCommand) throws(SpawnError) -> [String] {
        let program = command.argv.first ?? ""
        for argument in command.argv where argument.utf8.contains(0) {
            throw SpawnError(program: program, reason: "an argument contains a NUL byte")
        }
        var strings: [String] = []
        for (name, value) in command.environment.sorted(by: { $0.key < $1.key }) {
            guard !name.isEmpty, !name.contains("="), !name.utf8.contains(0), !value.utf8.contains(0) else {
                throw SpawnError(program: program, reason: "invalid environment variable name \"\(name)\"")
            }
            strings.append("\(name)=\(value)")
        }
        return strings
    }

    private static func spawn(path: String, command: ChildCommand, environment: [String]) throws(SpawnError)
        -> (pid: pid_t, stdin: Int32, stdout: Int32, stderr: Int32)
    {
        var pid: pid_t = -1
        var stdin: Int32 = -1
        var stdout: Int32 = -1
        var stderr: Int32 = -1
        let wantsStdin = command.standardInput != nil
        let result = withCStringArray(command.argv) { argv in
            withCStringArray(environment) { envp in
                withUnsafeMutablePointer(to: &stdin) { stdinPointer in
                    let stdinOut = wantsStdin ? stdinPointer : nil
                    if let directory = command.workingDirectory {
                        return vigil_spawn(path, argv, envp, directory, &pid, stdinOut, &stdout, &stderr)
                    }
                    return vigil_spawn(path, argv, envp, nil, &pid, stdinOut, &stdout, &stderr)
                }
            }
        }
        guard result == 0 else {
            var error = SpawnError(program: path, errno: result)
            if let directory = command.workingDirectory, result == ENOENT || result == EACCES || result == ENOTDIR {
                error.reason += " (or working directory \(directory))"
            }
            throw error
        }
        return (pid, stdin, stdout, stderr)
    }

    private static func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
