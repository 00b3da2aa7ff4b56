import Foundation

/// Reads journal entries back with `journalctl -o json`, from the private journald that
/// `scripts/with-journald` (run by `scripts/test`) starts for the test run.
///
/// journald takes datagrams off its socket asynchronously, so a read retries until the
/// expected entries are there.
public enum JournalReader {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Throws unless the tests run beside the private journald: a journal test must fail, never
    /// pass by writing into the void (`sd_journal_sendv` succeeds even with nobody listening).
    public static func requirePrivateJournald() throws {
        guard ProcessInfo.processInfo.environment["VIGIL_PRIVATE_JOURNALD"] != nil,
              FileManager.default.fileExists(atPath: "/run/systemd/journal/socket") else {
            throw Failure(description: "no private journald: run the tests with scripts/test "
                + "(or scripts/with-journald swift test …), which starts one in a private mount namespace")
        }
    }

    /// The entries matching every `FIELD=value` in `matches`, oldest first, once at least `count`
    /// of them arrived (throws if they do not within `timeout`). A field with several values holds
    /// them joined by newlines.
    public static func entries(matching matches: [String], count: Int = 1,
                               timeout: Duration = .seconds(5)) throws -> [[String: String]] {
        try requirePrivateJournald()
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let found = try read(matches)
            if found.count >= count { return found }
            if clock.now >= deadline {
                throw Failure(description: "expected \(count) journal entries matching \(matches), "
                    + "found \(found.count) after \(timeout)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// journalctl's own output for the matches (e.g. `-x` explanations), once an entry exists.
    public static func text(matching matches: [String], options: [String]) throws -> String {
        _ = try entries(matching: matches)
        let output = try ExternalTool.run("/usr/bin/journalctl", ["--no-pager"] + options + matches)
        guard output.status == 0 else {
            throw Failure(description: "journalctl \(options) failed: \(output.standardError)")
        }
        return output.standardOutput
    }

    private static func read(_ matches: [String]) throws -> [[String: String]] {
        let output = try ExternalTool.run("/usr/bin/journalctl", ["-o", "json", "--no-pager", "--all"] + matches)
        guard output.status == 0 else {
            throw Failure(description: "journalctl \(matches) failed: \(output.standardError)")
        }
        return try entries(fromJSONLines: output.standardOutput)
    }

    /// Parses `journalctl -o json` output (one entry per line); a field with several values
    /// holds them joined by newlines.
    public static func entries(fromJSONLines text: String) throws -> [[String: String]] {
        try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw Failure(description: "journalctl printed something that is not an entry: \(line)")
            }
            return object.compactMapValues(text(of:))
        }
    }

    /// journalctl's JSON gives a string, an array of byte values (binary data, or text with
    /// control characters), or an array of either for a field with several values.
    private static func text(of value: Any) -> String? {
        switch value {
        case let string as String:
            return string
        case let bytes as [Int]:
            return String(decoding: bytes.map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
        case let values as [Any]:
            return values.compactMap(text(of:)).joined(separator: "\n")
        default:
            return nil
        }
    }
}
