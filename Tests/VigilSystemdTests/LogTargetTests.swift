import Foundation
import Glibc
import Testing
import VigilSystemd

@Suite struct LogTargetTests {
    /// `JOURNAL_STREAM` as systemd would set it for this descriptor.
    private func journalStream(of fileDescriptor: Int32) -> String {
        var info = stat()
        precondition(fstat(fileDescriptor, &info) == 0)
        return "\(info.st_dev):\(info.st_ino)"
    }

    @Test func explicitTargetsAreKept() {
        let pipe = Pipe()
        let fd = pipe.fileHandleForWriting.fileDescriptor
        let environment = ["JOURNAL_STREAM": journalStream(of: fd)]
        #expect(LogTarget.console.resolved(environment: environment, standardError: fd) == .console)
        #expect(LogTarget.journal.resolved(environment: [:], standardError: fd) == .journal)
    }

    @Test func autoPicksTheJournalWhenTheStreamIsStderrItself() {
        let pipe = Pipe()
        let fd = pipe.fileHandleForWriting.fileDescriptor
        #expect(LogTarget.auto.resolved(environment: ["JOURNAL_STREAM": journalStream(of: fd)], standardError: fd) == .journal)
    }

    @Test func theDefaultDescriptorIsStderr() {
        #expect(LogTarget.auto.resolved(environment: ["JOURNAL_STREAM": journalStream(of: STDERR_FILENO)]) == .journal)
    }

    @Test(arguments: [nil, "", "garbage", "1:2:3", "12", ":"] as [String?])
    func autoPicksTheConsoleWithoutAUsableStream(value: String?) {
        let pipe = Pipe()
        let fd = pipe.fileHandleForWriting.fileDescriptor
        let environment = value.map { ["JOURNAL_STREAM": $0] } ?? [:]
        #expect(LogTarget.auto.resolved(environment: environment, standardError: fd) == .console)
    }

    @Test func aStreamInheritedByAChildWithOtherStderrIsNotTheJournal() {
        let journal = Pipe()
        let other = Pipe()
        let environment = ["JOURNAL_STREAM": journalStream(of: journal.fileHandleForWriting.fileDescriptor)]
        #expect(LogTarget.auto.resolved(environment: environment,
                                        standardError: other.fileHandleForWriting.fileDescriptor) == .console)
    }

    @Test func theNamesAreTheCommandLineValues() {
        #expect(LogTarget.allCases.map(\.rawValue) == ["auto", "journal", "console"])
    }
}
