import Dispatch
import Foundation
import Testing
import VigilCore
@testable import VigilSystemd

/// Lines written to a real pipe and read from its other end.
@Suite struct ConsoleWriterTests {
    private let critical = JournalEvent(
        kind: .checkCritical, priority: .critical,
        message: "database is CRITICAL (was HEALTHY): timed out after 5s",
        fields: [.init("CHECK", "database"), .init("STATUS", "CRITICAL"), .init("REASON", "timed out after 5s")])

    /// Writes with a ConsoleWriter onto a pipe and returns everything that came out.
    private func output(minimumPriority: JournalPriority = .info, includeFields: Bool = false,
                        _ events: [JournalEvent]) throws -> String {
        let pipe = Pipe()
        let writer = ConsoleWriter(minimumPriority: minimumPriority, includeFields: includeFields,
                                   fileDescriptor: pipe.fileHandleForWriting.fileDescriptor)
        events.forEach(writer.write)
        try pipe.fileHandleForWriting.close()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    @Test func oneReadableLinePerEventTheMessageOnly() throws {
        let text = try output([critical])
        let pattern = #/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ crit database is CRITICAL \(was HEALTHY\): timed out after 5s\n$/#
        #expect(text.wholeMatch(of: pattern) != nil, "\(text)")
    }

    @Test func theFieldsFollowTheMessageWhenAskedFor() throws {
        let text = try output(includeFields: true, [critical])
        let pattern = #/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ crit database is CRITICAL \(was HEALTHY\): timed out after 5s \[CHECK=database STATUS=CRITICAL REASON="timed out after 5s"\]\n$/#
        #expect(text.wholeMatch(of: pattern) != nil, "\(text)")
    }

    @Test func theTimestampIsUTCToTheSecond() {
        let line = ConsoleWriter().line(for: critical, at: 1_795_965_617)
        #expect(line.hasPrefix("2026-11-29T15:20:17Z crit database is CRITICAL"))
    }

    @Test func eventsLessUrgentThanTheMinimumAreLeftOut() throws {
        let info = JournalEvent(kind: .checkHealthy, priority: .info, message: "api is HEALTHY")
        let notice = JournalEvent(kind: .checkRecovered, priority: .notice, message: "api recovered")
        let text = try output(minimumPriority: .notice, [info, notice, critical])
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.contains(" notice api recovered") == true)
        #expect(!text.contains("api is HEALTHY"))
    }

    @Test func controlCharactersNeverBreakTheLine() throws {
        let event = JournalEvent(kind: nil, priority: .error, message: "first\nsecond\tthird\u{7}",
                                 fields: [.init("OUTPUT", "a \"b\" \\ c\nd"), .init("EMPTY", ""), .init("PLAIN", "x")])
        let text = try output(includeFields: true, [event])
        #expect(text.filter { $0 == "\n" }.count == 1)
        #expect(text.contains(#" err first\nsecond\tthird\x07 [OUTPUT="a \"b\" \\ c\nd" EMPTY="" PLAIN=x]"#), "\(text)")
    }

    @Test func concurrentWritersNeverInterleaveLines() throws {
        let pipe = Pipe()
        let writer = ConsoleWriter(includeFields: true, fileDescriptor: pipe.fileHandleForWriting.fileDescriptor)
        let reading = DispatchQueue(label: "reader")
        nonisolated(unsafe) var data = Data()
        let done = DispatchSemaphore(value: 0)
        reading.async {
            data = pipe.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        let padding = String(repeating: "x", count: 300)
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for index in 0..<200 {
                writer.write(JournalEvent(kind: nil, priority: .warning, message: "writer \(thread) line \(index) \(padding)",
                                          fields: [.init("THREAD", String(thread))]))
            }
        }
        try pipe.fileHandleForWriting.close()
        done.wait()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 1600)
        let pattern = #/^\S+ warning writer (\d) line (\d+) x{300} \[THREAD=(\d)\]$/#
        for line in lines {
            let match = line.wholeMatch(of: pattern)
            #expect(match != nil && match?.1 == match?.3, "\(line)")
        }
    }
}
