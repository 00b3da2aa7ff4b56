import Glibc
import Testing
import VigilCore
import VigilProbes

/// The `disk` probe on the root filesystem and on small tmpfs mounts of known size.
@Suite struct DiskProbeTests {
    /// A tmpfs of `options` mounted on a fresh temp directory for the length of `body`.
    private func withTmpfs(_ options: String, _ body: (String) async throws -> Void) async throws {
        var pattern = Array("/tmp/vigil-disk-XXXXXX".utf8CString)
        let directory = String(cString: try #require(mkdtemp(&pattern)))
        defer { rmdir(directory) }
        try #require(mount("tmpfs", directory, "tmpfs", 0, options) == 0, "mount: \(String(cString: strerror(errno)))")
        defer { umount2(directory, Int32(MNT_DETACH)) }
        try await body(directory)
    }

    /// Writes `megabytes` of data into a file in `directory`.
    private func fill(_ directory: String, megabytes: Int) throws {
        let descriptor = open("\(directory)/filler", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let chunk = [UInt8](repeating: 0x5A, count: 1 << 20)
        for _ in 0..<megabytes {
            let written = chunk.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            try #require(written == chunk.count)
        }
    }

    @Test func theRootFilesystemHasSaneFigures() async throws {
        let observation = try await DiskProbe(path: "/").observe(until: .now + .seconds(5))
        let free = try #require(observation.metrics["free_percent"])
        #expect(free > 0 && free <= 100)
        if let inodes = observation.metrics["inodes_free_percent"] { #expect(inodes > 0 && inodes <= 100) }
        #expect(observation.message.hasPrefix("/: "))
        #expect(observation.message.contains("% free"))
    }

    @Test func aNearlyFullTmpfsShowsLittleFreeSpace() async throws {
        try await withTmpfs("size=10m,nr_inodes=1000") { directory in
            let empty = try await DiskProbe(path: directory).observe(until: .now + .seconds(5))
            #expect(empty.metrics["free_percent"] == 100)
            try fill(directory, megabytes: 9)
            let full = try await DiskProbe(path: directory).observe(until: .now + .seconds(5))
            let free = try #require(full.metrics["free_percent"])
            let inodes = try #require(full.metrics["inodes_free_percent"])
            #expect(free < 15 && free > 5)
            #expect(inodes > 99 && inodes < 100)
            #expect(full.message == "\(directory): \(Int(free.rounded()))% free, \(Int(inodes.rounded()))% inodes free")
        }
    }

    @Test func aFilesystemWithoutAnInodeCountGivesNoInodeMetric() async throws {
        try await withTmpfs("size=10m,nr_inodes=0") { directory in
            let observation = try await DiskProbe(path: directory).observe(until: .now + .seconds(5))
            #expect(observation.metrics.keys.sorted() == ["free_percent"])
            #expect(observation.message == "\(directory): 100% free")
        }
    }

    @Test func aMissingPathThrows() async throws {
        await #expect(throws: ProbeError("/nonexistent/vigil: No such file or directory")) {
            try await DiskProbe(path: "/nonexistent/vigil").observe(until: .now + .seconds(5))
        }
    }
}
