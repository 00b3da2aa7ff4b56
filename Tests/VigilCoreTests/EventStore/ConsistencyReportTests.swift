import Foundation
import Testing
import VigilCore

@Suite struct ConsistencyReportTests {
    @Test func countsStayExactWhileTheListIsCapped() {
        var report = ConsistencyReport(mode: .full)
        for version in 1...5 { report.record(.gap(aggregate: "a", from: Int64(version), to: Int64(version) + 2), maxIssues: 3) }
        report.record(.duplicate(aggregate: "b", version: 4, count: 2), maxIssues: 3)
        #expect(report.issueCounts == ["VERSION_GAP": 5, "DUPLICATE_VERSION": 1])
        #expect(report.totalIssues == 6)
        #expect(report.issues.count == 3)
        #expect(report.truncated)
    }

    @Test func theSeedsWordsAndShape() throws {
        #expect(ConsistencyAnomaly.gap(aggregate: "a", from: 3, to: 5).details == "Gap between version 3 and 5")
        #expect(ConsistencyAnomaly.disorder(aggregate: "a", event: "e2", before: "e1").details == "Event e2 has earlier timestamp than e1")
        var report = ConsistencyReport(mode: .incremental, aggregatesChecked: 1, eventsChecked: 2)
        report.record(.firstVersion(aggregate: "a", found: 2, expected: 1, eventID: "e9"), maxIssues: 10)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(report), as: UTF8.self)
        #expect(json.contains(#""issues":[{"aggregateId":"a","details":"First version is 2, expected 1","eventId":"e9","type":"FIRST_VERSION"}]"#), "\(json)")
        #expect(json.contains(#""mode":"incremental""#))
        #expect(json.contains(#""aggregatesChecked":1"#))
        #expect(try JSONDecoder().decode(ConsistencyReport.self, from: Data(json.utf8)) == report)
    }
}
