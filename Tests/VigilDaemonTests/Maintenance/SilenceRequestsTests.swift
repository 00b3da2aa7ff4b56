import Foundation
import Glibc
import Testing
import VigilCore
import VigilDaemon

@Suite("SilenceRequests")
struct SilenceRequestsTests {
    @Test("a posted request is pending until taken; take returns each once and removes its file")
    func postAndTake() throws {
        let scratch = try ScratchDirectory()
        let requests = SilenceRequests(besideStatusFile: scratch.file("status.json"))
        #expect(requests.directory == scratch.file("silence"))
        #expect(requests.take().requests.isEmpty, "no folder yet: nothing to take")
        let token = SilenceRequests.newToken()
        #expect(token.count == 32 && token.allSatisfy(\.isHexDigit))
        let add = SilenceRequests.Request(token: token, by: "alice", add: .init(checks: ["api"], seconds: 3600, reason: "upgrade"))
        let remove = SilenceRequests.Request(token: SilenceRequests.newToken(), by: "bob", remove: "SIL-20270115-0001")
        try requests.post(add)
        try requests.post(remove)
        #expect(requests.isPending(token))
        let taken = requests.take()
        #expect(Set(taken.requests.map(\.token)) == [add.token, remove.token])
        #expect(taken.requests.contains(add) && taken.requests.contains(remove))
        #expect(taken.problems.isEmpty)
        #expect(!requests.isPending(token))
        #expect(requests.take().requests.isEmpty)
    }

    @Test("a file that is not a valid request (garbage, both actions, a token not its name) is removed and reported once")
    func strayFiles() throws {
        let scratch = try ScratchDirectory()
        let requests = SilenceRequests(besideStatusFile: scratch.file("status.json"))
        try FileManager.default.createDirectory(atPath: requests.directory, withIntermediateDirectories: true)
        let token = String(repeating: "a", count: 32)
        #expect(FileManager.default.createFile(atPath: requests.path(for: "garbage"), contents: Data("not json".utf8)))
        let both = SilenceRequests.Request(token: token, by: "x", add: .init(checks: [], seconds: 1, reason: "r"), remove: "SIL-20270115-0001")
        #expect(FileManager.default.createFile(atPath: requests.path(for: token), contents: try JSONEncoder().encode(both)))
        #expect(FileManager.default.createFile(atPath: scratch.file("silence/.x.42.tmp"), contents: Data("{}".utf8)))
        let taken = requests.take()
        #expect(taken.requests.isEmpty)
        #expect(taken.problems.sorted() == [requests.path(for: token), requests.path(for: "garbage")].sorted())
        #expect(requests.take().problems.isEmpty, "said once")
        #expect(try FileManager.default.contentsOfDirectory(atPath: requests.directory) == [".x.42.tmp"])
    }
}
