import Foundation
import Testing
import VigilCore

@Suite struct IncidentIDTests {
    @Test(arguments: [
        ("INC-20270115-0001", true), ("INC-20270115-9999", true), ("INC-20270115-12345", true),
        ("INC-20240229-0001", true), ("INC-20270229-0001", false), ("INC-20270231-0001", false),
        ("INC-20270115-0000", false), ("INC-20270115-001", false), ("INC-20270115-00001", false),
        ("inc-20270115-0001", false), ("INC-2027011-0001", false), ("INC-20270115-0001-x", false),
        ("INC-20270115-+001", false), ("INC-20270115", false), ("", false),
    ])
    func parsesOnlyWellFormedIDsAndPrintsThemBack(text: String, valid: Bool) {
        let id = IncidentID(text)
        #expect((id != nil) == valid)
        if let id { #expect(id.description == text) }
    }

    @Test(arguments: [
        (-1.0, "INC-20270115-0007"), (0.0, "INC-20270116-0007"), (86_399.0, "INC-20270116-0007"),
    ])
    func takesTheUTCDayOfOpening(secondsAfterMidnight: Double, expected: String) {
        let midnight = Date(timeIntervalSince1970: 1_800_000_000 - 8 * 3600 + 86_400)  // 2027-01-16T00:00:00Z
        #expect(IncidentID(openedOn: midnight.addingTimeInterval(secondsAfterMidnight), number: 7).description == expected)
    }

    @Test func codesAsItsStringAndRejectsAnythingElse() throws {
        let id = try #require(IncidentID("INC-20270115-0042"))
        let data = try JSONEncoder().encode([id])
        #expect(String(decoding: data, as: UTF8.self) == #"["INC-20270115-0042"]"#)
        #expect(try JSONDecoder().decode([IncidentID].self, from: data) == [id])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([IncidentID].self, from: Data(#"["INC-1"]"#.utf8)) }
    }

    @Test func ordersByDayThenCounter() throws {
        let ids = try ["INC-20270116-0001", "INC-20270115-0010", "INC-20270115-0002"].map { try #require(IncidentID($0)) }
        #expect(ids.sorted().map(\.description) == ["INC-20270115-0002", "INC-20270115-0010", "INC-20270116-0001"])
    }
}
