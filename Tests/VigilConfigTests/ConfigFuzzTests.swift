import Foundation
import Testing
import VigilConfig
import VigilTestSupport

/// SplitMix64: a tiny seeded generator, so every failing case can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// No input may crash or hang the loader: each one ends as a configuration or as errors.
@Suite("Config parser fuzzing")
struct ConfigFuzzTests {
    static let pieces = ["[", "]", "[[", "]]", "{", "}", "\"", "'''", "\"\"\"", "=", ".", ",", "#", "\n", "\\", "\\u0000",
                         "\\U0010FFFF", "nan", "-inf", "1e999", "-0", "0x7FFFFFFFFFFFFFFF", "9999999999999999999",
                         "1979-05-27T07:32:00Z", "true", "[[check]]", "kind = \"command\"", "argv = []", "\u{0}",
                         "\u{FEFF}", "\u{202E}", "é", "🦀", "\r\n", "\t", "[é", "[[ ", "\u{00A0}", "=]", "[\n"]

    /// Outcome of one input, checked for the loader's promise: a value, or at least one readable error.
    static func checkOutcome(_ text: String, _ label: @autoclosure () -> String) {
        switch ConfigLoader.parse(files: [("fuzz.toml", text)]) {
        case .success:
            break
        case .failure(let failure):
            #expect(!failure.errors.isEmpty, "\(label())")
            #expect(failure.errors.allSatisfy { !$0.message.isEmpty && $0.file == "fuzz.toml" }, "\(label())")
        }
    }

    static func mutate(_ bytes: [UInt8], _ random: inout SeededGenerator) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<7, using: &random) {
            case 0 where !bytes.isEmpty:
                bytes[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
            case 1 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...64, using: &random))
                bytes.removeSubrange(position..<end)
            case 2 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...256, using: &random))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            case 3:
                bytes = Array(bytes.prefix(position))
            case 4:
                let piece = pieces.randomElement(using: &random)!
                bytes.insert(contentsOf: Array(piece.utf8), at: position)
            case 5:
                let scalar = Unicode.Scalar(UInt32.random(in: 0...0x10FFFF, using: &random)) ?? "?"
                bytes.insert(contentsOf: Array(String(scalar).utf8), at: position)
            default:
                bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
            }
        }
        return bytes
    }

    @Test func mutationsOfTheShippedConfigNeverCrash() throws {
        let seedText = try String(contentsOf: RepositoryPaths.file("config/vigil.toml"), encoding: .utf8)
        let seedBytes = Array(seedText.utf8)
        let started = ContinuousClock.now
        for seed in UInt64(1)...5000 {
            var random = SeededGenerator(seed: seed)
            let text = String(decoding: Self.mutate(seedBytes, &random), as: UTF8.self)
            Self.checkOutcome(text, "mutation seed \(seed)")
        }
        // Generous: the point is "no hang", not speed.
        #expect(ContinuousClock.now - started < .seconds(300))
    }

    @Test func randomBytesNeverCrash() {
        for seed in UInt64(1)...2000 {
            var random = SeededGenerator(seed: seed &* 7919)
            let bytes = (0..<Int.random(in: 0...512, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            Self.checkOutcome(String(decoding: bytes, as: UTF8.self), "random bytes seed \(seed)")
        }
    }

    @Test func randomTokenSoupNeverCrashes() {
        for seed in UInt64(1)...2000 {
            var random = SeededGenerator(seed: seed &+ 1_000_003)
            let text = (0..<Int.random(in: 1...80, using: &random)).map { _ in Self.pieces.randomElement(using: &random)! }
                .joined(separator: Bool.random(using: &random) ? " " : "")
            Self.checkOutcome(text, "token soup seed \(seed)")
        }
    }

    @Test(arguments: [
        "a = " + String(repeating: "[", count: 5000),
        "a = " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000),
        "a = " + String(repeating: "{b=", count: 5000) + "1" + String(repeating: "}", count: 5000),
        "[[check]]\nname = \"x\"\nkind = \"command\"\nargv = " + String(repeating: "[", count: 100_000),
        (0..<5000).map { "k\($0)" }.joined(separator: ".") + " = 1",
        "[" + (0..<5000).map { "k\($0)" }.joined(separator: ".") + "]",
        "[[check]]\n" + String(repeating: "x", count: 1_000_000) + " = 1",
        String(repeating: "[[check]]\nname = \"same\"\nkind = \"memory\"\n", count: 2000),
    ])
    func pathologicalShapesEndInAnError(text: String) {
        let started = ContinuousClock.now
        let result = ConfigLoader.parse(files: [("fuzz.toml", text)])
        #expect((try? result.get()) == nil)
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    /// toml++ 3.4 asserts (aborts in debug, undefined behaviour in release) on a header whose key
    /// starts with anything but a key character; the guard reports these before it sees them.
    @Test(arguments: ["[é]", "[[é]]", "[[ \n]]", "[\nkey]", "\u{FEFF}[=]", "\u{00A0}[?]", "[[ [a]]", "a = 1\n[ 😀 ]"])
    func tableHeadersThatWouldTripTheParserAreRefused(text: String) throws {
        let errors = ConfigTestHelpers.errors(text)
        #expect(errors.count == 1)
        #expect(errors.first?.message.hasPrefix("a table header must start with a key, got ") == true, "\(errors)")
    }

    @Test func deepNestingIsRefusedBeforeParsingWithItsPosition() throws {
        let text = "[daemon]\nx = " + String(repeating: "[", count: 10_000)
        let errors = ConfigTestHelpers.errors(text)
        #expect(errors == [ConfigError(file: "bad.toml", line: 2, column: 37, message: "nested more than 32 levels deep")])
    }

    @Test func longDottedKeysAreRefusedBeforeParsing() throws {
        let text = (0..<1000).map { "k\($0)" }.joined(separator: ".") + " = 1"
        let error = try #require(ConfigTestHelpers.errors(text).first)
        #expect(error.message == "a dotted key of more than 32 parts")
        #expect(error.line == 1)
    }

    @Test func bracketsInsideStringsAndCommentsDoNotCount() throws {
        let brackets = String(repeating: "[", count: 100)
        let text = """
            # \(brackets)
            [daemon]
            state_dir = "/\(brackets)" # \(brackets)

            [[check]]
            name = "c"
            kind = "command"
            argv = ['/bin/\(brackets)', \"\"\"
            \(brackets)\"\"\", '''\(brackets)''']
            """
        let configuration = try #require(ConfigTestHelpers.configuration(text), "\(ConfigTestHelpers.errors(text))")
        #expect(configuration.daemon.stateDirectory == "/" + brackets)
    }
}
