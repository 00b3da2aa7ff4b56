import Foundation
import Glibc
import Testing
import VigilCore
@testable import VigilDaemon

@Suite("StatusFile")
struct StatusFileTests {
    @Test("status.json is written whole, world-readable, its folder made if missing, no temp file left")
    func writesWhole() throws {
        let scratch = try ScratchDirectory()
        let file = StatusFile(path: scratch.file("run/status.json"))
        let result = CheckResult(name: "memory", kind: "memory", status: .healthy, message: "ok", durationMs: 1,
                                 metrics: [:], timestamp: Date(timeIntervalSince1970: 1_800_000_000), breach: nil)
        let report = HealthReport(checks: [result], at: Date(timeIntervalSince1970: 1_800_000_000))
        try file.write(report)
        try file.write(report)
        let read = try file.read()
        #expect(read.checks.map(\.name) == ["memory"])
        #expect(read.checks.map(\.status) == [.healthy])
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
            try file.write(HealthReport(checks: [], at: .now))
        }
    }
}
