import Glibc
import Testing
import VigilProcess

/// A command's `standardInput` reaches the child through a pipe, whole, however much the pipe
/// holds at once, and a child that does not read it is still ended at its deadline.
@Suite struct ChildStandardInputTests {
    @Test func childReadsTheGivenBytesThenEndOfFile() async throws {
        let result = try await runChild(
            ChildCommand(argv: ["/bin/cat"], environment: [:], standardInput: Array("subject\n\nbody\n".utf8)),
            deadline: .now + .seconds(30))
        #expect(result.termination == .exited(0))
        #expect(result.stdout == "subject\n\nbody\n")
        #expect(!result.timedOut)
    }

    @Test func inputLargerThanThePipeArrivesWhole() async throws {
        // Four times a pipe's default 64 KiB: the rest is written as the child reads.
        let input = (0..<262_144).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let result = try await runChild(
            ChildCommand(argv: ["/usr/bin/wc", "-c"], environment: [:], standardInput: input),
            deadline: .now + .seconds(30))
        #expect(result.termination == .exited(0))
        #expect(result.stdout.trimmingPrefix(while: { $0 == " " }) == "262144\n")
    }

    @Test func emptyInputIsEndOfFileAtOnce() async throws {
        let result = try await runChild(
            ChildCommand(argv: ["/bin/sh", "-c", "readlink /proc/self/fd/0 | cut -c1-5; cat"], environment: ["PATH": "/usr/bin:/bin"],
                         standardInput: []),
            deadline: .now + .seconds(30))
        #expect(result.termination == .exited(0))
        #expect(result.stdout == "pipe:\n")
    }

    @Test func childThatNeverReadsIsEndedAtTheDeadline() async throws {
        let input = [UInt8](repeating: 65, count: 1_048_576)
        let deadline = ContinuousClock.now + .seconds(1)
        let result = try await runChild(
            ChildCommand(argv: ["/bin/sleep", "60"], environment: [:], standardInput: input), deadline: deadline)
        #expect(ContinuousClock.now >= deadline)
        #expect(result.timedOut)
        #expect(result.termination == .signaled(SIGTERM))
    }

    @Test func childThatClosesItsStdinEarlyCostsNoSignal() async throws {
        // The writer gets EPIPE, not SIGPIPE (which would end this test process).
        let input = [UInt8](repeating: 65, count: 1_048_576)
        let result = try await runChild(
            ChildCommand(argv: ["/bin/sh", "-c", "exec 0<&-; sleep 0.2; echo done"], environment: ["PATH": "/usr/bin:/bin"],
                         standardInput: input),
            deadline: .now + .seconds(30))
        #expect(result.termination == .exited(0))
        #expect(result.stdout == "done\n")
    }
}
