import Foundation
import Glibc
import Testing
@testable import VigilProbes

/// Where a unit's memory and CPU come from, for each layout of the cgroup hierarchies: the unified
/// one's files, the legacy controllers', and, where no controller is delegated, the unit's own
/// processes (this test's process, through the real /proc).
@Suite struct UnitResourceProbeTests {
    static let group = "/system.slice/alexandria-api.service"

    /// A cgroup tree in a fresh folder, `files` relative to its root.
    static func tree(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-cgroup-\(UUID().uuidString)").path
        for (path, text) in files {
            let file = root + path
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test("the unified hierarchy: memory.current and cpu.stat")
    func unified() throws {
        let root = try Self.tree([Self.group + "/memory.current": "157286400\n", Self.group + "/cpu.stat": "usage_usec 2500000\nuser_usec 2000000\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let usage = try UnitResourceProbe(unit: "alexandria-api.service", cgroupRoot: root).usage(of: Self.group)
        #expect(usage.memory == 157_286_400 && usage.cpu == 2.5)
    }

    @Test("the legacy controllers: memory.usage_in_bytes and cpuacct.usage in nanoseconds")
    func legacy() throws {
        let root = try Self.tree(["/memory" + Self.group + "/memory.usage_in_bytes": "1048576\n",
                                  "/cpuacct" + Self.group + "/cpuacct.usage": "3000000000\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let usage = try UnitResourceProbe(unit: "alexandria-api.service", cgroupRoot: root).usage(of: Self.group)
        #expect(usage.memory == 1_048_576 && usage.cpu == 3)
    }

    @Test("no memory controller delegated: the unit's processes' resident memory; CPU from the unified cpu.stat")
    func processes() throws {
        let root = try Self.tree(["/unified" + Self.group + "/cgroup.procs": "\(getpid())\n999999999\n",
                                  "/unified" + Self.group + "/cpu.stat": "usage_usec 4000000\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let usage = try UnitResourceProbe(unit: "alexandria-api.service", cgroupRoot: root).usage(of: Self.group)
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let resident = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }?
            .split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap { Double($0) }) * 1024
        #expect(usage.memory > resident / 2 && usage.memory < resident * 2, "this process's RSS, the gone pid left out: \(usage.memory) vs \(resident)")
        #expect(usage.cpu == 4)
        #expect(throws: ProbeError.self) { try UnitResourceProbe(unit: "x.service", cgroupRoot: root).usage(of: "/nowhere") }
    }
}
