import Foundation
import Testing
import VigilCore

@Suite struct TreeJSONEncoderTests {
    /// What `TreeJSONEncoder` promises to match, byte for byte.
    static func foundation(pretty: Bool, dates: TreeJSONEncoder.DateStyle) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        if dates == .iso8601 { encoder.dateEncodingStrategy = .iso8601 }
        return encoder
    }

    static func expectSameText<Value: Encodable>(_ value: Value, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for pretty in [false, true] {
            for dates in [TreeJSONEncoder.DateStyle.iso8601, .secondsSince2001] {
                let expected = try foundation(pretty: pretty, dates: dates).encode(value)
                let actual = try TreeJSONEncoder(prettyPrinted: pretty, dates: dates).encode(value)
                #expect(String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self),
                        "pretty \(pretty), dates \(dates)", sourceLocation: sourceLocation)
            }
        }
    }

    enum Colour: String, Codable { case red, green }

    struct Inner: Codable, Equatable {
        var label: String
        var values: [Double]
        var nothing: Int?
    }

    /// A value whose encode(to:) uses two keyed containers on one encoder, as StatusDocument does.
    struct Merged: Encodable {
        enum First: String, CodingKey { case zebra, apple }
        enum Second: String, CodingKey { case mango }
        func encode(to encoder: any Encoder) throws {
            var first = encoder.container(keyedBy: First.self)
            try first.encode("z", forKey: .zebra)
            try first.encode(1, forKey: .apple)
            var second = encoder.container(keyedBy: Second.self)
            try second.encode(true, forKey: .mango)
        }
    }

    struct Everything: Encodable {
        var text = "plain"
        var escaped = "quote \" backslash \\ slash / newline \n tab \t bell \u{07} nul \u{00} unit \u{1F} del \u{7F} é 漢 🚀"
        var integers: [Int] = [0, -1, Int.max, Int.min]
        var unsigned: UInt64 = .max
        var small: Int8 = -8
        var doubles: [Double] = [0, 1, -1, 0.1, 1.5, 29.4, 1e-7, 123_456_789.125, 1e300, -0.0, .leastNonzeroMagnitude]
        var float: Float = 0.25
        var flags = [true, false]
        var when = Date(timeIntervalSince1970: 1_800_000_000.75)
        var whenWhole = Date(timeIntervalSince1970: 1_800_000_000)
        var present: String? = "here"
        var absent: String?
        var colour = Colour.green
        var inner = Inner(label: "in", values: [], nothing: nil)
        var inners = [Inner(label: "a", values: [2, 3.5], nothing: 7), Inner(label: "b", values: [], nothing: nil)]
        var byName: [String: Int] = ["b": 2, "a": 1, "B": 3, "é": 4, "e": 5, "aa": 6]
        var byNumber: [Int: String] = [10: "ten", 2: "two"]
        var emptyObject: [String: Int] = [:]
        var emptyArray: [String] = []
        var nested: [[Int]] = [[1, 2], [], [3]]
        var merged = Merged()
        var bytes = Data([0, 1, 2, 250, 255])
        var optionalsInArray: [Int?] = [1, nil, 3]
    }

    @Test("every kind of value comes out as JSONEncoder writes it, compact and pretty, with either date style")
    func matchesFoundation() throws {
        try Self.expectSameText(Everything())
        try Self.expectSameText(Merged())
        try Self.expectSameText([String]())
        try Self.expectSameText("top-level string")
        try Self.expectSameText(42)
    }

    @Test("the engine's state of 1000 checks, as the state log writes it, is the same text")
    func engineStateMatches() throws {
        try Self.expectSameText(EngineStateDeltaTests.fleet())
    }

    @Test("a health report with every status is the same text")
    func healthReportMatches() throws {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let report = HealthReport(checks: [
            CheckResult(name: "database", kind: "postgres", status: .critical, message: "connection refused", durationMs: 12.5, timestamp: at),
            CheckResult(name: "disk", kind: "disk", status: .healthy, message: "29.4% free", durationMs: 0.031, timestamp: at),
            CheckResult(name: "api", kind: "http", status: .unknown, message: "dependency database is CRITICAL", durationMs: 0, timestamp: at),
        ], at: at)
        try Self.expectSameText(report)
        try Self.expectSameText(StatusDocument(report: report, daemon: .init(pid: 7, version: "0.1.0", startedAt: at)))
    }

    @Test("what it writes decodes back to the same value")
    func roundTrips() throws {
        let inners = Everything().inners
        let data = try TreeJSONEncoder(prettyPrinted: true).encode(inners)
        #expect(try JSONDecoder().decode([Inner].self, from: data) == inners)
    }

    @Test("a number JSON cannot hold is refused with its path, as JSONEncoder refuses it")
    func refusesNonFinite() {
        #expect(throws: EncodingError.self) { try TreeJSONEncoder().encode(Inner(label: "x", values: [1, .nan], nothing: nil)) }
        #expect(throws: EncodingError.self) { try TreeJSONEncoder().encode([Double.infinity]) }
    }
}
