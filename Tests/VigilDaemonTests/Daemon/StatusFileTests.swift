import Foundation
import Glibc
import Testing
import VigilCore
@testable import VigilDaemon
import VigilFiles

@Suite("StatusFile")
struct StatusFileTests {
    @Test("status.json is written whole, world-readable, its folder made if missing, no temp file left")
    func writesWhole() throws {
        let scratch = try ScratchDirectory()
        let file = StatusFile(path: scratch.file("run/status.json"))
        let result = CheckResult(name: "memory", kind: "memory", status: .healthy, message: "ok", durationMs: 1,
                                 metrics: [:], timestamp: Date(timeIntervalSince1970: 1_800_000_000), breach: nil)
        let report = HealthReport(checks: [result], at: Date(timeIntervalSince1970: 1_800_000_000))
        let writer = StatusDocument.Writer(pid: 42, version: "1.2.3", startedAt: Date(timeIntervalSince1970: 1_799_999_000))
        let decisions = DecisionSnapshot(plans: [DecisionSnapshot.PlanView(
            plan: "restart-db", target: "database:main", mode: .enforce, budgetLeft: 1, maxAttempts: 3,
            nextAllowedAt: Date(timeIntervalSince1970: 1_800_000_060), stoppedSince: nil, running: nil)])
        let document = StatusDocument(report: report, decisions: decisions, daemon: writer)
        try file.write(document)
        try file.write(document)
        let read = try file.read()
        #expect(read.decisions == document.decisions)
        #expect(read.daemon == document.daemon)
        #expect(read.report.checks.map(\.name) == ["memory"])
        let text = try String(contentsOfFile: file.path, encoding: .utf8)
        #expect(text.contains("\"overall\" : \"HEALTHY\""), "the report's keys stay at the top")
        #expect(text.contains("\"budgetLeft\" : 1"))
        var info = stat()
        #expect(stat(file.path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o644)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.file("run")) == ["status.json"])
        #expect(try String(contentsOfFile: file.path, encoding: .utf8).hasSuffix("}\n"))
    }

    @Test("a failure names the operation, the path and the system's reason")
    func failureIsClear() throws {
        let scratch = try ScratchDirectory()
        try Data().write(to: URL(fileURLWithPath: scratch.file("run")))
        let file = StatusFile(path: scratch.file("run/inner/status.json"))
        #expect(throws: FileWriteError(path: scratch.file("run/inner"), operation: "mkdir", errorNumber: ENOTDIR)) {
            try file.write(StatusDocument(report: HealthReport(checks: [], at: .now)))
        }
    }
}
