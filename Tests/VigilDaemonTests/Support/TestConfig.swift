import Foundation

/// TOML snippets for the daemon's config, so each test states only the checks it is about.
enum TestConfig {
    /// A check name no other test (and no earlier run against the same journal) uses.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)_\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
    }

    /// A TOML basic string: quotes and backslashes escaped.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func daemon(runtimeDirectory: String, stateDirectory: String) -> String {
        "[daemon]\nruntime_dir = \(quoted(runtimeDirectory))\nstate_dir = \(quoted(stateDirectory))\n"
    }

    static func memory(_ name: String, interval: String = "1s", timeout: String = "500ms") -> String {
        check(name, kind: "memory", interval: interval, timeout: timeout)
    }

    static func disk(_ name: String, path: String = "/", interval: String = "1s", timeout: String = "500ms") -> String {
        check(name, kind: "disk", interval: interval, timeout: timeout, extra: ["path = \(quoted(path))"])
    }

    static func command(_ name: String, _ argv: [String], environment: [String: String] = [:],
                        interval: String = "1s", timeout: String = "500ms", enabled: Bool = true,
                        incident: String? = nil) -> String {
        var extra = ["argv = [" + argv.map(quoted).joined(separator: ", ") + "]"]
        if !environment.isEmpty {
            extra.append("env = { " + environment.sorted(by: { $0.key < $1.key })
                .map { "\($0.key) = \(quoted($0.value))" }.joined(separator: ", ") + " }")
        }
        if !enabled { extra.append("enabled = false") }
        if let incident { extra.append("incident = \(quoted(incident))") }
        return check(name, kind: "command", interval: interval, timeout: timeout, extra: extra)
    }

    /// Debian's check_dummy: exits with `code` and prints `message` after the status word.
    static func dummy(_ name: String, code: Int, message: String = "dummy", interval: String = "1s",
                      timeout: String = "500ms", enabled: Bool = true, incident: String? = nil) -> String {
        command(name, ["/usr/lib/nagios/plugins/check_dummy", String(code), message],
                interval: interval, timeout: timeout, enabled: enabled, incident: incident)
    }

    static func database(_ name: String, conninfo: String) -> String {
        "[database.\(name)]\nconninfo = \(quoted(conninfo))\n"
    }

    static func postgres(_ name: String, database: String, interval: String = "2s", timeout: String = "1s") -> String {
        check(name, kind: "postgres", interval: interval, timeout: timeout, extra: ["database = \(quoted(database))"])
    }

    /// A check confirmed by a single result (`fail_after = 1`, `recover_after = 1`), so that tests
    /// of scheduling and journaling see every change at once; confirmation has tests of its own.
    static func check(_ name: String, kind: String, interval: String, timeout: String, extra: [String] = [],
                      confirmation: [String] = ["fail_after = 1", "recover_after = 1"]) -> String {
        (["[[check]]", "name = \(quoted(name))", "kind = \(quoted(kind))",
          "interval = \(quoted(interval))", "timeout = \(quoted(timeout))"] + confirmation + extra).joined(separator: "\n") + "\n"
    }
}
