import Testing
@testable import VigilConfig

@Suite("Finding keys in the text for error positions")
struct SourcePositionsTests {
    static let text = """
        [daemon]
        stop_timeout = "5s"

        [database."main"]
          conninfo = "x"

        [[check]]
        name = "a"
        query = \"\"\"
        name = "not a key"
        \"\"\"
        warning = { latency_ms = 1 }

        [[check]]
        name = "b"

        [check.critical]
        free_percent = 3
        """

    @Test func findsKeysInTheirSections() {
        let positions = SourcePositions(text: Self.text)
        #expect(positions.position(of: "stop_timeout", in: .daemon) == .init(line: 2, column: 1))
        #expect(positions.position(of: "conninfo", in: .database(name: "main")) == .init(line: 5, column: 3))
        #expect(positions.position(of: "name", in: .check(index: 1)) == .init(line: 8, column: 1))
        #expect(positions.position(of: "name", in: .check(index: 2)) == .init(line: 15, column: 1))
    }

    @Test func fallsBackToTheEnclosingKeyThenTheHeader() {
        let positions = SourcePositions(text: Self.text)
        #expect(positions.position(of: "warning.latency_ms", in: .check(index: 1)) == .init(line: 12, column: 1))
        #expect(positions.position(of: "critical.free_percent", in: .check(index: 2)) == .init(line: 18, column: 1))
        #expect(positions.position(of: "expect_status[3]", in: .check(index: 2)) == .init(line: 14, column: 1))
        #expect(positions.position(of: nil, in: .database(name: "main")) == .init(line: 4, column: 1))
        #expect(positions.position(of: "check", in: .root) == .init(line: 7, column: 1))
    }

    @Test func skipsTheInsideOfMultilineStrings() {
        let positions = SourcePositions(text: Self.text)
        // `name = "not a key"` on line 10 is text inside the query, not check #1's name (line 8).
        #expect(positions.position(of: "name", in: .check(index: 1))?.line == 8)
        #expect(positions.position(of: "warning", in: .check(index: 1))?.line == 12)
    }
}
