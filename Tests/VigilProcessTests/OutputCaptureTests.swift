import Testing
import VigilProcess

/// Real children writing more than their capture holds: which bytes are kept, exactly, and how
/// many were dropped.
@Suite struct OutputCaptureTests {
    /// `seq 1 100000`: 588,895 bytes, in many writes and reads of varying sizes.
    private static let lines = (1...100_000).map { "\($0)\n" }.joined()
    private static let bytes = Array(lines.utf8)

    private func seq(stdout: OutputCapture = .first(65_536), stderr: OutputCapture = .first(65_536),
                     _ script: String = "seq 1 100000") async throws -> ChildResult {
        try await runChild(ChildCommand(argv: ["/bin/sh", "-c", script], environment: ["PATH": "/usr/bin:/bin"]),
                           deadline: .now + .seconds(30), stdout: stdout, stderr: stderr)
    }

    /// A ring smaller than one read (each read's own last bytes replace it) and one larger (reads
    /// wrap around it many times), neither dividing the stream evenly.
    @Test(arguments: [1_000, 100_003])
    func theLastBytesAreKeptExactly(limit: Int) async throws {
        let result = try await seq(stdout: .last(limit))
        #expect(result.termination == .exited(0))
        #expect(Array(result.stdout.utf8) == Array(Self.bytes.suffix(limit)))
        #expect(result.stdoutDropped == Self.bytes.count - limit)
    }

    @Test func theFirstAndTheLastBytesAreKeptAroundWhatIsDropped() async throws {
        let result = try await seq(stdout: OutputCapture(first: 5_000, last: 7_000))
        #expect(Array(result.stdout.utf8) == Array(Self.bytes.prefix(5_000) + Self.bytes.suffix(7_000)))
        #expect(result.stdoutDropped == Self.bytes.count - 12_000)
    }

    @Test func aStreamShorterThanItsCaptureIsKeptWhole() async throws {
        let result = try await seq(stdout: OutputCapture(first: 400_000, last: 400_000))
        #expect(result.stdout == Self.lines)
        #expect(result.stdoutDropped == 0)
        let tail = try await seq(stdout: .last(1_000_000))
        #expect(tail.stdout == Self.lines)
        #expect(tail.stdoutDropped == 0)
    }

    /// What a failing tool says last survives a long stream of warnings before it.
    @Test func aFailingToolsLastLinesAreKeptOnStderr() async throws {
        let result = try await seq(stderr: .last(4_096), "seq 1 100000 >&2; echo 'tool: error: disk full' >&2; exit 1")
        #expect(result.termination == .exited(1))
        #expect(result.stderr.utf8.count == 4_096)
        #expect(result.stderr.hasSuffix("99999\n100000\ntool: error: disk full\n"))
        #expect(result.stderrDropped == Self.bytes.count + "tool: error: disk full\n".utf8.count - 4_096)
        #expect(result.stdout.isEmpty && result.stdoutDropped == 0)
    }

    @Test func nothingIsKeptOfAStreamWithNoCapture() async throws {
        let result = try await seq(stdout: OutputCapture())
        #expect(result.stdout.isEmpty)
        #expect(result.stdoutDropped == Self.bytes.count)
    }
}
