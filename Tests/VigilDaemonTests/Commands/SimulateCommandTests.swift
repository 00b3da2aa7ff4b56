import Foundation
import Testing
import VigilTestSupport

/// `vigil simulate`, the built executable: every checked-in replay prints exactly its expected
/// decisions, and bad replays and configs are refused with exit 65 and a message saying where.
@Suite("vigil simulate")
struct SimulateCommandTests {
    static let replays = RepositoryPaths.file("examples/replays")

    /// Every `NAME.jsonl` under examples/replays.
    static let replayNames: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: replays.path)) ?? []
        return files.filter { $0.hasSuffix(".jsonl") }.map { String($0.dropLast(".jsonl".count)) }.sorted()
    }()

    static func path(_ name: String) -> String { replays.appendingPathComponent(name).path }

    /// The configuration of a replay: the part of its name before the first `-`.
    static func configuration(of replay: String) -> String {
        path(String(replay.prefix { $0 != "-" }) + ".toml")
    }

    /// Runs `vigil simulate <arguments>` to its end: its exit code and everything it printed
    /// (stdout and stderr share one pipe, so a clean run's output is its stdout alone).
    static func simulate(_ arguments: [String]) throws -> (status: Int32?, output: String) {
        let process = try BackgroundProcess([RepositoryPaths.vigilExecutable.path, "simulate"] + arguments)
        let waitStatus = process.waitForExit(timeout: .seconds(60))
        // The child has exited; its output is in the pipe. Wait until the reader has drained it.
        var output = process.printed
        var quietRounds = 0
        for _ in 0..<100 where quietRounds < 3 {
            usleep(50_000)
            let now = process.printed
            quietRounds = now == output ? quietRounds + 1 : 0
            output = now
        }
        return (waitStatus.flatMap(BackgroundProcess.exitCode(fromWaitStatus:)), output)
    }

    /// The lines that differ, `-` expected and `+` printed, for a readable failure.
    static func difference(expected: String, actual: String) -> String {
        let want = expected.components(separatedBy: "\n")
        let got = actual.components(separatedBy: "\n")
        var report: [String] = []
        for index in 0..<max(want.count, got.count) {
            let left = index < want.count ? want[index] : nil
            let right = index < got.count ? got[index] : nil
            guard left != right else { continue }
            report.append("line \(index + 1):")
            if let left { report.append("- " + left) }
            if let right { report.append("+ " + right) }
        }
        return report.joined(separator: "\n")
    }

    @Test("The four stories are checked in, each with its configuration and expected output")
    func everyReplayIsCheckedIn() {
        #expect(Set(Self.replayNames).isSuperset(of: ["api-flapping", "database-blip", "database-stays-dead", "dependency"]))
        for name in Self.replayNames {
            #expect(FileManager.default.fileExists(atPath: Self.configuration(of: name)), "no configuration for \(name)")
            #expect(FileManager.default.fileExists(atPath: Self.path(name + ".expected")), "no expected output for \(name)")
        }
    }

    @Test("A replay prints exactly its expected decisions", arguments: replayNames)
    func replayMatchesItsExpectedOutput(name: String) throws {
        let expected = try String(contentsOfFile: Self.path(name + ".expected"), encoding: .utf8)
        let run = try Self.simulate(["--config", Self.configuration(of: name), "--replay", Self.path(name + ".jsonl")])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output == expected, "\(name) differs from \(name).expected:\n\(Self.difference(expected: expected, actual: run.output))")
    }

    @Test("The stories say what they are about")
    func storiesShowTheirDecisions() throws {
        let text = { (name: String) in try String(contentsOfFile: Self.path(name + ".expected"), encoding: .utf8) }
        #expect(try text("database-blip").hasSuffix("summary: 0 attempts run, 0 verified, 0 failed, 0 plans stopped\n"))
        let dead = try text("database-stays-dead")
        for decision in ["check-critical", " run ", "escalate", "stop", "backoff until"] {
            #expect(dead.contains(decision), "database-stays-dead shows no \(decision)")
        }
        #expect(dead.hasSuffix("summary: 3 attempts run, 0 verified, 3 failed, 1 plan stopped\n"))
        let flapping = try text("api-flapping")
        for decision in ["api is flapping", "skipped: check is flapping", "stopped flapping"] {
            #expect(flapping.contains(decision), "api-flapping shows no \(decision)")
        }
        #expect(!flapping.contains(" stop "), "a flapping API never spends its budget")
        let dependency = try text("dependency")
        #expect(dependency.contains("api is UNKNOWN: dependency database is CRITICAL"))
        #expect(dependency.contains("api      answered"))
        #expect(!dependency.contains("restart-api runs"))
    }

    @Test("--steps fail fails every step with exit status 1; --format json prints one object a line, then the summary")
    func failingStepsAsJSON() throws {
        let run = try Self.simulate(["--config", Self.configuration(of: "database"), "--replay", Self.path("database-stays-dead.jsonl"),
                                     "--steps", "fail", "--format", "json"])
        #expect(run.status == 0, "\(run.output)")
        let objects = try run.output.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not an object: \(line)")
        }
        let fields = objects.compactMap { $0["fields"] as? [String: String] }
        #expect(fields.contains { $0["DECISION"] == "step-failed" && $0["EXIT_STATUS"] == "1" })
        #expect(!fields.contains { $0["DECISION"] == "step-succeeded" })
        let summary = try #require(objects.last?["summary"] as? [String: Int])
        #expect(summary["attempts"] == 3 && summary["failed"] == 3 && summary["plansStopped"] == 1, "\(summary)")
    }

    @Test("A bad replay: exit 65 and each problem as FILE:LINE: problem, nothing simulated")
    func badReplay() throws {
        let directory = try ScratchDirectory()
        let replay = try directory.write("bad.jsonl", """
            {"at": "1m", "check": "database", "status": "HEALTHY"}
            {"at": "2m", "check": "databse", "status": "CRITICAL"}
            {"at": "30s", "check": "database", "status": "CRITICAL"}
            """)
        let run = try Self.simulate(["--config", Self.configuration(of: "database"), "--replay", replay])
        #expect(run.status == 65, "\(run.output)")
        #expect(run.output == """
            \(replay):2: check: no check named "databse"; configured: database
            \(replay):3: at: +30s is before +1m of line 1; times must not go backwards

            """, "\(run.output)")
        #expect(!run.output.contains("summary"), "\(run.output)")
    }

    @Test("A replay that cannot be read: exit 65 and its name")
    func missingReplay() throws {
        let directory = try ScratchDirectory()
        let run = try Self.simulate(["--config", Self.configuration(of: "database"), "--replay", directory.file("absent.jsonl")])
        #expect(run.status == 65, "\(run.output)")
        #expect(run.output.hasPrefix(directory.file("absent.jsonl") + ": cannot read the replay"), "\(run.output)")
    }

    @Test("A bad configuration: exit 65 with the errors vigil validate prints")
    func badConfiguration() throws {
        let directory = try ScratchDirectory()
        let config = try directory.write("vigil.toml", TestConfig.check("memory", kind: "memory", interval: "1s", timeout: "1s"))
        let run = try Self.simulate(["--config", config, "--replay", Self.path("database-blip.jsonl")])
        #expect(run.status == 65, "\(run.output)")
        #expect(run.output.hasPrefix(config), "\(run.output)")
        #expect(run.output.contains("check \"memory\": timeout"), "\(run.output)")
    }

    @Test("- reads the replay from standard input; an empty replay simulates nothing")
    func standardInput() throws {
        let run = try Self.simulate(["--config", Self.configuration(of: "database"), "--replay", "-"])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output == "\nsummary: 0 attempts run, 0 verified, 0 failed, 0 plans stopped\n")
    }

    @Test("docs/operations.md shows the flapping replay's real output")
    func operationsGuideShowsRealOutput() throws {
        let readme = try String(contentsOf: RepositoryPaths.file("docs/operations.md"), encoding: .utf8)
        let expected = try String(contentsOfFile: Self.path("api-flapping.expected"), encoding: .utf8)
        #expect(readme.contains("vigil simulate --config examples/replays/api.toml --replay examples/replays/api-flapping.jsonl"))
        #expect(readme.contains("```\n" + expected + "```\n"), "docs/operations.md's simulate output differs from api-flapping.expected")
    }
}
