import Dispatch
import Foundation
import Glibc
import Testing
import VigilSystemd
import VigilTestSupport
@testable import VigilDaemon

/// A real process enqueuing notifications through `NotificationOutbox` (its notifier failing every
/// other attempt) is SIGKILLed at random moments, again and again on the same state directory:
/// every notification it said was enqueued is delivered, by it, by a later start, or by the last
/// component, and no outbox file is ever left torn.
@Suite("NotificationOutbox under kill -9", .serialized)
struct OutboxCrashTests {
    static let writer = RepositoryPaths.productsDirectory.appendingPathComponent("vigil-state-torture").path

    static func lines(_ text: String, after prefix: String) -> [String] {
        text.split(separator: "\n").compactMap { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : nil }
    }

    @Test("killed at 20 random moments, no notification it enqueued is lost")
    func killedOutboxLosesNoNotification() async throws {
        let scratch = try ScratchDirectory()
        let state = scratch.file("state")
        let log = scratch.file("delivered.log")
        // The daemon's state directory exists before it runs (systemd's StateDirectory=); the outbox folder it makes.
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: false)
        var enqueued: [String] = []
        for round in 1...20 {
            let child = try BackgroundProcess([Self.writer, "--outbox", state, log])
            #expect(child.waitForOutput(containing: "enqueued "), "round \(round): the writer did not start: \(child.printed)")
            usleep(UInt32.random(in: 0...40_000))
            child.signal(SIGKILL)
            let status = try #require(child.waitForExit(), "the writer did not die")
            #expect(status & 0x7f == SIGKILL, "round \(round): the writer ended on its own: \(child.printed)")
            enqueued += Self.lines(child.printed, after: "enqueued ")
        }
        #expect(FileManager.default.fileExists(atPath: state + "/outbox"))
        let left = OutboxFiles(stateDirectory: state).load()
        #expect(left.problems.isEmpty, "a kill left a file that cannot be read: \(left.problems)")

        let queue = DispatchQueue(label: "test.outbox.last")
        let port = NotificationOutboxTests.RecordingPort { _ in .delivered }
        let last = NotificationOutbox(queue: queue, sink: JournalWriter(), stateDirectory: state,
                                      notifiers: NotificationOutboxTests.notifiers(), send: port.send)
        queue.sync { last.load() }
        #expect(await waitUntil(timeout: .seconds(20)) { Self.onQueue(queue) { last.summary.pending == 0 } })
        queue.sync { last.stop() }

        let deliveredBefore = Set(Self.lines((try? String(contentsOfFile: log, encoding: .utf8)) ?? "", after: "delivered "))
        let delivered = deliveredBefore.union(port.attempts)
        let lost = enqueued.filter { !delivered.contains($0) }
        #expect(!enqueued.isEmpty)
        #expect(lost.isEmpty, "\(lost.count) of \(enqueued.count) notifications lost: \(lost.prefix(5))")
        #expect(Set(port.attempts).isSubset(of: Set(left.entries.map(\.id))), "the last start sends only what was left")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: state + "/outbox")) ?? []
        #expect(names.allSatisfy { $0.hasSuffix(".tmp") }, "only a killed write's temp file may remain: \(names)")
        print("NotificationOutbox: 20 kills, \(enqueued.count) notifications enqueued, \(deliveredBefore.count) delivered "
            + "by the killed processes, \(left.entries.count) left for the last start")
    }

    static func onQueue<T: Sendable>(_ queue: DispatchQueue, _ body: @Sendable () -> T) -> T {
        queue.sync(execute: body)
    }
}
