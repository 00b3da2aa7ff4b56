import Glibc
import Testing
import VigilProcess

/// Children really spawned: exit codes, signals, output, environment, descriptors, spawn errors.
@Suite struct ChildProcessTests {
    private func shell(_ script: String, environment: [String: String] = [:], stdout: OutputCapture = .first(65_536),
                       stderr: OutputCapture = .first(65_536)) async throws -> ChildResult {
        try await runChild(
            ChildCommand(argv: ["/bin/sh", "-c", script], environment: environment),
            deadline: .now + .seconds(30),
            stdout: stdout, stderr: stderr
        )
    }

    @Test(arguments: [0, 1, 2, 3, 7, 255] as [Int32])
    func exitCodeIsReported(code: Int32) async throws {
        let result = try await shell("echo out; echo err >&2; exit \(code)")
        #expect(result.termination == .exited(code))
        #expect(result.stdout == "out\n")
        #expect(result.stderr == "err\n")
        #expect(!result.timedOut)
    }

    @Test(arguments: [SIGKILL, SIGTERM, SIGSEGV])
    func deathBySignalIsReported(signal: Int32) async throws {
        let result = try await shell("echo before; kill -\(signal) $$")
        #expect(result.termination == .signaled(signal))
        #expect(result.stdout == "before\n")
        #expect(!result.timedOut)
    }

    @Test func environmentIsExactlyTheGivenOne() async throws {
        let environment = ["VIGIL_TEST_GREETING": "two words", "LANG": "C.UTF-8"]
        let result = try await runChild(
            ChildCommand(argv: ["/usr/bin/env"], environment: environment), deadline: .now + .seconds(30))
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(Set(lines) == ["VIGIL_TEST_GREETING=two words", "LANG=C.UTF-8"])
        #expect(lines.count == 2)
        // This process has a PATH (and maybe NOTIFY_SOCKET); the child must see none of it.
        #expect(getenv("PATH") != nil)
    }

    @Test func emptyEnvironmentLeavesTheChildNothing() async throws {
        let result = try await runChild(ChildCommand(argv: ["/usr/bin/env"], environment: [:]), deadline: .now + .seconds(30))
        #expect(result.termination == .exited(0))
        #expect(result.stdout == "")
    }

    @Test func openDescriptorsAreNotInherited() async throws {
        // A descriptor without close-on-exec: exactly what a careless library would leave open.
        let leaky = open("/dev/null", O_RDONLY)
        #expect(leaky >= 3)
        defer { close(leaky) }
        let result = try await runChild(ChildCommand(argv: ["/bin/ls", "/proc/self/fd"], environment: [:]), deadline: .now + .seconds(30))
        // 0-2 are /dev/null and the two pipes; 3 is the directory ls itself is reading.
        #expect(result.stdout.split(separator: "\n") == ["0", "1", "2", "3"])
    }

    @Test func stdinIsDevNull() async throws {
        let result = try await shell("readlink /proc/self/fd/0; cat")
        #expect(result.stdout == "/dev/null\n")
    }

    @Test func startsInTheWorkingDirectory() async throws {
        let result = try await runChild(
            ChildCommand(argv: ["/bin/pwd"], environment: [:], workingDirectory: "/tmp"), deadline: .now + .seconds(30))
        #expect(result.stdout == "/tmp\n")
    }

    @Test func runsInItsOwnProcessGroup() async throws {
        let result = try await shell("read pid comm state ppid pgrp rest < /proc/$$/stat; echo $$ $pgrp")
        let fields = result.stdout.split(whereSeparator: \.isWhitespace).map(String.init)
        #expect(fields.count == 2)
        #expect(fields.first == fields.last)
        #expect(fields.first != String(getpgrp()))
    }

    /// The pid handed to `onSpawn` is the child's own and its process group's id, given once.
    @Test func onSpawnGetsTheChildsPidWhichIsItsGroupID() throws {
        var spawned: [Int32] = []
        let result = try ChildProcess.run(
            ChildCommand(argv: ["/bin/sh", "-c", "read pid comm state ppid pgrp rest < /proc/$$/stat; echo $$ $pgrp"], environment: [:]),
            deadline: .now + .seconds(30), onSpawn: { spawned.append($0) })
        let fields = result.stdout.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
        #expect(spawned.count == 1)
        #expect(fields == [spawned.first ?? -1, spawned.first ?? -1], "\(result.stdout)")
    }

    @Test func onSpawnIsNotCalledWhenTheSpawnFails() {
        var called = false
        #expect(throws: SpawnError.self) {
            try ChildProcess.run(ChildCommand(argv: ["/nonexistent/vigil-test-program"], environment: [:]),
                                 deadline: .now + .seconds(30), onSpawn: { _ in called = true })
        }
        #expect(!called)
    }

    @Test func signalsStartWithDefaultsAndNothingBlocked() throws {
        // Vigil ignores SIGPIPE and its threads block signals; neither may reach a plugin. The
        // child is spawned from this very thread, so the mask blocked here is the one it would get.
        signal(SIGPIPE, SIG_IGN)
        var blocked = sigset_t()
        var previous = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGUSR1)
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        let result = Result {
            try ChildProcess.run(
                ChildCommand(argv: ["/bin/grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"], environment: [:]),
                deadline: .now + .seconds(30))
        }
        pthread_sigmask(SIG_SETMASK, &previous, nil)

        var masks: [String: UInt64] = [:]
        for line in try result.get().stdout.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            masks[String(fields[0])] = UInt64(fields[1], radix: 16)
        }
        // Only the 31 standard signals count: glibc keeps its own internal ones (32, 33) ignored
        // across posix_spawn, and the child's glibc installs their handlers itself.
        let standard: UInt64 = (1 << 31) - 1
        #expect(masks["SigBlk:"].map { $0 & standard } == 0)
        #expect(masks["SigIgn:"].map { $0 & standard } == 0)
    }

    @Test func bareProgramNameIsFoundOnTheChildsPath() async throws {
        let result = try await runChild(
            ChildCommand(argv: ["echo", "found"], environment: ["PATH": "/nonexistent:/usr/bin:/bin"]),
            deadline: .now + .seconds(30))
        #expect(result.stdout == "found\n")
    }

    @Test func outputBeyondTheLimitIsDrainedAndDropped() async throws {
        let result = try await shell("head -c 10000000 /dev/zero | tr '\\000' a; echo done >&2", environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.termination == .exited(0))
        #expect(!result.timedOut)
        #expect(result.stdout.utf8.count == 65_536)
        #expect(result.stdout.utf8.allSatisfy { $0 == UInt8(ascii: "a") })
        #expect(result.stderr == "done\n")
    }

    @Test func customLimitKeepsTheFirstBytes() async throws {
        let result = try await shell("echo 0123456789abcdef", stdout: .first(10))
        #expect(result.stdout == "0123456789")
        #expect(result.stdoutDropped == 7)
    }

    @Test func invalidUTF8IsReplaced() async throws {
        let result = try await shell("printf 'a\\377b'")
        #expect(result.stdout == "a\u{FFFD}b")
    }

    @Test func missingProgramIsASpawnError() async {
        await #expect(throws: SpawnError(program: "/nonexistent/vigil-plugin", reason: "No such file or directory")) {
            try await runChild(ChildCommand(argv: ["/nonexistent/vigil-plugin"], environment: [:]), deadline: .now + .seconds(5))
        }
        let error = SpawnError(program: "/nonexistent/vigil-plugin", reason: "No such file or directory")
        #expect(error.description == "cannot run /nonexistent/vigil-plugin: No such file or directory")
    }

    @Test func nonExecutableFileIsASpawnError() async {
        await #expect(throws: SpawnError(program: "/etc/passwd", reason: "Permission denied")) {
            try await runChild(ChildCommand(argv: ["/etc/passwd"], environment: [:]), deadline: .now + .seconds(5))
        }
    }

    @Test func bareNameNotOnPathIsASpawnError() async {
        await #expect(throws: SpawnError(program: "vigil-no-such-plugin", reason: "not found in PATH (/usr/bin:/bin)")) {
            try await runChild(
                ChildCommand(argv: ["vigil-no-such-plugin"], environment: ["PATH": "/usr/bin:/bin"]), deadline: .now + .seconds(5))
        }
    }

    @Test func emptyArgvIsASpawnError() async {
        await #expect(throws: SpawnError.self) {
            try await runChild(ChildCommand(argv: [], environment: [:]), deadline: .now + .seconds(5))
        }
    }

    @Test func missingWorkingDirectoryIsASpawnError() async throws {
        let error = await #expect(throws: SpawnError.self) {
            try await runChild(
                ChildCommand(argv: ["/bin/true"], environment: [:], workingDirectory: "/nonexistent/dir"), deadline: .now + .seconds(5))
        }
        #expect(error?.description.contains("/nonexistent/dir") == true)
    }
}
