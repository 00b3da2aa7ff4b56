import Foundation
import Glibc
import Testing
import VigilCore
import VigilDaemon

@Suite("AckRequests")
struct AckRequestsTests {
    @Test("a posted request is pending until taken; take returns it once with who and the note, and removes its file")
    func postAndTake() throws {
        let scratch = try ScratchDirectory()
        let requests = AckRequests(besideStatusFile: scratch.file("status.json"))
        #expect(requests.directory == scratch.file("ack"))
        #expect(requests.take().requests.isEmpty, "no folder yet: nothing to take")
        let first = try #require(IncidentID("INC-20270115-0002"))
        let second = try #require(IncidentID("INC-20270115-0001"))
        try requests.post(AckRequests.Request(id: first, by: "alice", note: "on it"))
        try requests.post(AckRequests.Request(id: second, by: "bob", note: nil))
        #expect(requests.isPending(first))
        let taken = requests.take()
        #expect(taken.requests == [AckRequests.Request(id: second, by: "bob", note: nil),
                                   AckRequests.Request(id: first, by: "alice", note: "on it")])
        #expect(taken.problems.isEmpty)
        #expect(!requests.isPending(first))
        #expect(requests.take().requests.isEmpty)
    }

    @Test("a file that is not a request is removed and reported once; hidden temp files are left alone")
    func strayFiles() throws {
        let scratch = try ScratchDirectory()
        let requests = AckRequests(besideStatusFile: scratch.file("status.json"))
        try FileManager.default.createDirectory(atPath: requests.directory, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: scratch.file("ack/INC-20270115-0001"), contents: Data("not json".utf8)))
        #expect(FileManager.default.createFile(atPath: scratch.file("ack/.INC-20270115-0002.42.tmp"), contents: Data("{}".utf8)))
        let taken = requests.take()
        #expect(taken.requests.isEmpty)
        #expect(taken.problems == [requests.directory + "/INC-20270115-0001"])
        #expect(requests.take().problems.isEmpty, "said once")
        #expect(try FileManager.default.contentsOfDirectory(atPath: requests.directory) == [".INC-20270115-0002.42.tmp"])
    }
}
