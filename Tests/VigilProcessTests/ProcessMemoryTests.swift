import Glibc
import Testing
@testable import VigilProcess

@Suite struct ProcessMemoryTests {
    /// kB of anonymous memory resident in this process.
    static func residentAnonymousKB() -> Int {
        guard let file = fopen("/proc/self/status", "r") else { return -1 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix("RssAnon:") {
                return Int(text.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? -1
            }
        }
        return -1
    }

    @Test func freedPagesBelowALiveChunkGoBackToTheSystem() {
        // 32 MiB of small chunks, all freed but the last: the heap's top stays in use, so glibc
        // keeps the freed pages until asked.
        let chunks = (0..<262_144).map { _ -> UnsafeMutableRawPointer in
            let chunk = malloc(120)!
            memset(chunk, 1, 120)
            return chunk
        }
        for chunk in chunks.dropLast() { free(chunk) }
        let before = Self.residentAnonymousKB()
        ProcessMemory.releaseFreedPages()
        let after = Self.residentAnonymousKB()
        free(chunks.last)
        #expect(before - after > 16 * 1024, "RssAnon \(before) kB before, \(after) kB after")
    }
}
