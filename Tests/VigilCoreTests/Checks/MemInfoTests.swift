import Testing
import VigilCore

/// Parsing `/proc/meminfo` text, good and bad.
@Suite struct MemInfoTests {
    @Test(arguments: [
        ("MemTotal: 1000 kB\nMemAvailable: 250 kB\n", 250, 1000),
        ("MemTotal:       24641536 kB\nMemFree:  1 kB\nMemAvailable:   24222105 kB\nHugePages_Total:       0", 24222105, 24641536),
        ("MemAvailable: 0 kB\nMemTotal: 8 kB", 0, 8),
        ("MemTotal: 10 kB\nMemAvailable: 10 kB\nMemTotal: 99 kB\n", 10, 10),
    ] as [(String, UInt64, UInt64)])
    func parses(text: String, available: UInt64, total: UInt64) throws {
        let info = try MemInfo.parse(text)
        #expect(info == MemInfo(availableKiB: available, totalKiB: total))
        #expect(info.availablePercent == Double(available) / Double(total) * 100)
    }

    @Test(arguments: [
        ("MemTotal: 1000 kB\nMemFree: 10 kB\n", "no MemAvailable line"),
        ("MemAvailable: 10 kB\n", "no MemTotal line"),
        ("", "no MemTotal line"),
        ("\u{0}\u{1}garbage\n::::\n", "no MemTotal line"),
        ("MemTotal: 0 kB\nMemAvailable: 0 kB\n", "MemTotal is 0"),
        ("MemTotal: lots kB\nMemAvailable: 1 kB\n", #"MemTotal is not a number of kB: "lots kB""#),
        ("MemTotal: 1000\nMemAvailable: 1 kB\n", #"MemTotal is not a number of kB: "1000""#),
        ("MemTotal: 1000 MB\nMemAvailable: 1 kB\n", #"MemTotal is not a number of kB: "1000 MB""#),
        ("MemTotal: -5 kB\nMemAvailable: 1 kB\n", #"MemTotal is not a number of kB: "-5 kB""#),
        ("MemTotal: 99999999999999999999999 kB\nMemAvailable: 1 kB\n", #"MemTotal is not a number of kB: "99999999999999999999999 kB""#),
        ("MemTotal: 100 kB\nMemAvailable: 200 kB\n", "MemAvailable (200 kB) exceeds MemTotal (100 kB)"),
    ])
    func rejects(text: String, reason: String) {
        #expect(throws: MemInfo.ParseError(reason)) { try MemInfo.parse(text) }
    }
}
