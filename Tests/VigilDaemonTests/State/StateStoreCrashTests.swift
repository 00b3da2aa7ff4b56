import Foundation
import Glibc
import Testing
import VigilDaemon
import VigilTestSupport


@Suite("StateStore under kill -9", .serialized)
struct StateStoreCrashTests {
    static let writer = RepositoryPaths.productsDirectory.appendingPathComponent("vigil-state-torture").path

    @Test("a writer killed at 60 random moments always leaves a whole document it saved, and at most one temp file")
    func killedWriterLeavesWholeDocuments() throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.file("state")
        let store = StateStore<TortureDocument>(directory: directory)
        var lastConfirmed = 0
        var killsMidSave = 0
        for round in 1...60 {
            let child = try BackgroundProcess([Self.writer, directory])
            // The first round lets one save land, so every later load has a document to find.
            let ready = round == 1 ? "saved 1\n" : "resumed "
            #expect(child.waitForOutput(containing: ready), "round \(round): the writer did not start: \(child.printed)")
            usleep(UInt32.random(in: 0...40_000))
            child.signal(SIGKILL)
            let status = try #require(child.waitForExit(), "the writer did not die")
            #expect(status & 0x7f == SIGKILL, "round \(round): the writer ended on its own: \(child.printed)")

            let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            let temporaries = names.filter { $0.hasSuffix(".tmp") }
            #expect(temporaries.count <= 1, "round \(round): temp files pile up: \(names)")
            #expect(!names.contains { $0.contains("corrupt") }, "round \(round): \(names)")
            if !temporaries.isEmpty { killsMidSave += 1 }

            let printed = child.printed
            let confirmed = printed.split(separator: "\n").compactMap { line in
                line.hasPrefix("saved ") ? Int(line.dropFirst(6)) : nil
            }.max() ?? lastConfirmed
            switch store.load() {
            case .loaded(let document, _):
                #expect(document == TortureDocument(sequence: document.sequence),
                        "round \(round): document \(document.sequence) is not whole")
                #expect(document.sequence >= confirmed, "round \(round): lost save \(confirmed), found \(document.sequence)")
                // Save N begins only after "saved N-1" was printed; the reader may lag the exit a little.
                let previous = "saved \(document.sequence - 1)\n"
                #expect(document.sequence == lastConfirmed + 1 || child.waitForOutput(containing: previous, timeout: .seconds(5))
                            || document.sequence == confirmed,
                        "round \(round): document \(document.sequence) was never being written")
                lastConfirmed = document.sequence
            case let other:
                Issue.record("round \(round): expected a whole document, got \(other); writer said: \(printed.suffix(300))")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["state.json"])
        }
        print("StateStore: 60 kills, \(killsMidSave) of them mid-save (a temp file was left), \(lastConfirmed) saves in all")
        #expect(lastConfirmed >= 30)
        #expect(killsMidSave > 0)
    }
}

@Suite("EngineStateStore under kill -9", .serialized)
struct EngineStateStoreCrashTests {
    /// Save N as the writer printed it: "saved N".
    static func saves(in printed: String) -> [Int] {
        printed.split(separator: "\n").compactMap { $0.hasPrefix("saved ") ? Int($0.dropFirst(6)) : nil }
    }

    @Test("a writer of snapshot + log killed at 60 random moments always resumes from its last save or a later one, whole")
    func killedWriterResumesWhole() throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.file("state")
        var lastConfirmed = 0
        var damagedTails = 0
        var replayedRecords = 0
        for round in 1...60 {
            let child = try BackgroundProcess([StateStoreCrashTests.writer, "--log", directory])
            #expect(child.waitForOutput(containing: "resumed "), "round \(round): the writer did not start: \(child.printed)")
            let resumedLine = try #require(child.printed.split(separator: "\n").first { $0.hasPrefix("resumed ") })
            // "resumed N after R records": the writer checked the state it loaded is exactly save N's.
            let words = resumedLine.split(separator: " ")
            let resumed = try #require(Int(words[1]))
            replayedRecords += Int(words[3]) ?? 0
            #expect(resumed >= lastConfirmed, "round \(round): lost save \(lastConfirmed), resumed at \(resumed)")
            if child.printed.contains("damaged: ") { damagedTails += 1 }
            #expect(!child.printed.contains("inconsistent"), "round \(round): \(child.printed.prefix(300))")
            if round == 1 { #expect(child.waitForOutput(containing: "saved 1\n")) }
            usleep(UInt32.random(in: 0...40_000))
            child.signal(SIGKILL)
            let status = try #require(child.waitForExit(), "the writer did not die")
            #expect(status & 0x7f == SIGKILL, "round \(round): the writer ended on its own: \(child.printed.suffix(300))")
            lastConfirmed = Self.saves(in: child.printed).max() ?? lastConfirmed

            let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            #expect(names.filter { $0.hasSuffix(".tmp") }.count <= 1, "round \(round): temp files pile up: \(names)")
            #expect(!names.contains { $0.contains("corrupt") }, "round \(round): \(names)")
        }
        // A last start checks the state the last kill left.
        let child = try BackgroundProcess([StateStoreCrashTests.writer, "--log", directory])
        #expect(child.waitForOutput(containing: "resumed "), "\(child.printed)")
        #expect(!child.printed.contains("inconsistent"), "\(child.printed.prefix(300))")
        child.signal(SIGKILL)
        _ = child.waitForExit()
        print("EngineStateStore: 60 kills, \(lastConfirmed) saves in all, \(replayedRecords) log records replayed at restarts, "
            + "\(damagedTails) torn records left out")
        #expect(lastConfirmed >= 60)
        #expect(replayedRecords > 0, "no restart replayed a log: the test never caught one between snapshots")
    }
}
