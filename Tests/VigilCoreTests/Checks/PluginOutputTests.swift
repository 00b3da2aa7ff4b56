import Testing
import VigilCore

@Suite struct PluginOutputTests {
    struct Case: Sendable, CustomStringConvertible {
        var output: String
        var message: String
        var metrics: [String: Double]
        var description: String { output }
    }

    @Test(arguments: [
        // check_disk's real shape: bytes with warn;crit;min;max, and a `;` before the bar.
        Case(output: "DISK OK - free space: / 78629MiB (81% inode=97%);| /=18993905664B;243497277849;257024904396;0;270552530944\n",
             message: "DISK OK - free space: / 78629MiB (81% inode=97%);",
             metrics: ["/": 18_993_905_664]),
        Case(output: "PROCS OK: 79 processes | procs=79;;;0;\n", message: "PROCS OK: 79 processes", metrics: ["procs": 79]),
        Case(output: "OK: text\n", message: "OK: text", metrics: [:]),
        Case(output: "no newline", message: "no newline", metrics: [:]),
        Case(output: "", message: "", metrics: [:]),
        Case(output: "   padded message   | a=1\n", message: "padded message", metrics: ["a": 1]),
        Case(output: "OK|", message: "OK", metrics: [:]),
        Case(output: "| x=5\n", message: "", metrics: ["x": 5]),
        // Several items and units, kept as the number given.
        Case(output: "HTTP OK | time=0.012345s;;;0.000000 size=1024B;;;0 load=98.5%;80;90;0;100 rate=12c uptime=3ms lag=42us\n",
             message: "HTTP OK",
             metrics: ["time": 0.012345, "size": 1024, "load": 98.5, "rate": 12, "uptime": 3, "lag": 42]),
        Case(output: "OK | a=1KB b=2MB c=3GB d=4TB\n", message: "OK", metrics: ["a": 1, "b": 2, "c": 3, "d": 4]),
        // Quoted labels with spaces and a doubled quote; bare labels keep their case.
        Case(output: "OK | 'free space'=12.5%;10;5 'it''s'=3 UsedMem=7\n",
             message: "OK", metrics: ["free space": 12.5, "it's": 3, "UsedMem": 7]),
        // Signs, exponents, a decimal comma.
        Case(output: "OK | neg=-3.5 pos=+2 big=1.5e3 comma=0,25\n",
             message: "OK", metrics: ["neg": -3.5, "pos": 2, "big": 1500, "comma": 0.25]),
        // Unreadable items are skipped, readable ones around them kept.
        Case(output: "OK | good=1 undetermined=U noequals empty= =5 'open=3 bad=abc nan=nan later=2\n",
             message: "OK", metrics: ["good": 1]),
        Case(output: "OK | good=1 nan=nan inf=inf digits=12x4 later=2\n",
             message: "OK", metrics: ["good": 1, "later": 2]),
        // Multi-line: long text lines, then perfdata after a later bar and on every line after it.
        Case(output: "DISK WARNING | /=10B\nlong text one\nlong text two | /home=20B\n/var=30B;1;2\n'/srv data'=40B\n",
             message: "DISK WARNING",
             metrics: ["/": 10, "/home": 20, "/var": 30, "/srv data": 40]),
        Case(output: "OK\nlong text without data\nmore text\n", message: "OK", metrics: [:]),
        Case(output: "OK\r\nsecond line | a=1\r\n", message: "OK", metrics: ["a": 1]),
        // A later value for the same label wins.
        Case(output: "OK | a=1 a=2\n", message: "OK", metrics: ["a": 2]),
    ])
    func parses(testCase: Case) {
        let parsed = PluginOutput.parse(testCase.output)
        #expect(parsed.message == testCase.message)
        #expect(parsed.metrics == testCase.metrics)
    }

    @Test("Units are kept by label, where an item has one", arguments: [
        ("DISK OK | /=18993905664B;1;2;0;3 '/srv data'=40MB\n", ["/": "B", "/srv data": "MB"]),
        ("HTTP OK | time=0.012345s;;;0 size=1024B load=98.5% rate=12c lag=42us plain=7\n",
         ["time": "s", "size": "B", "load": "%", "rate": "c", "lag": "us"]),
        ("OK | a=1KB a=2\n", [:]),
        ("OK | bad=3x4 undetermined=Ums\n", [:]),
    ] as [(String, [String: String])])
    func units(output: String, units: [String: String]) {
        #expect(PluginOutput.parse(output).units == units)
    }
}
