import Glibc
import Synchronization
import VigilCore

/// Writes events as readable lines, for a terminal or any log collector that is not journald:
/// `2026-11-29T15:20:17Z crit database is CRITICAL (was HEALTHY): timed out after 5s`, and with
/// `includeFields` the journal fields after it (`[CHECK=database …]`), which say more than a person
/// watching a terminal reads.
public struct ConsoleWriter: EventSink {
    public let minimumPriority: JournalPriority
    public let includeFields: Bool
    private let output: LineOutput

    /// Writes events at `minimumPriority` or more urgent to `fileDescriptor` (stderr by default),
    /// which stays open and owned by the caller.
    public init(minimumPriority: JournalPriority = .info, includeFields: Bool = false,
                fileDescriptor: Int32 = STDERR_FILENO) {
        self.minimumPriority = minimumPriority
        self.includeFields = includeFields
        self.output = LineOutput(fileDescriptor: fileDescriptor)
    }

    public func write(_ event: JournalEvent) {
        guard event.priority <= minimumPriority else { return }
        output.write(line(for: event, at: time(nil)))
    }

    /// The line for `event` as it would be written at `time` (seconds since the epoch), newline included.
    func line(for event: JournalEvent, at time: time_t) -> String {
        var line = Self.timestamp(time) + " " + event.priority.name + " " + Self.escaped(event.message)
        if includeFields && !event.fields.isEmpty {
            line += " [" + event.fields.map { $0.name + "=" + Self.quoted($0.value) }.joined(separator: " ") + "]"
        }
        return line + "\n"
    }

    /// RFC 3339 in UTC, to the second: sortable, and the same whatever the host's time zone.
    static func timestamp(_ time: time_t) -> String {
        var seconds = time
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var text = [CChar](repeating: 0, count: 32)
        let length = strftime(&text, text.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        return String(decoding: text.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Control characters escaped, so one event is always exactly one line.
    static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            result += escape(scalar) ?? String(scalar)
        }
        return result
    }

    /// A field value, in double quotes (with `"` and `\` escaped) when it would otherwise blur
    /// into the next field.
    static func quoted(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy {
            escape($0) == nil && !" \"\\]=".unicodeScalars.contains($0)
        }
        guard !plain else { return value }
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            default: result += escape(scalar) ?? String(scalar)
            }
        }
        return result + "\""
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "\n": "\\n"
        case "\r": "\\r"
        case "\t": "\\t"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F:
            "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
        default: nil
        }
    }
}

/// One lock around a file descriptor so that concurrent lines never interleave.
private final class LineOutput: Sendable {
    private let fileDescriptor: Int32
    private let lock = Mutex(())

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    /// Normally one write(2) per line; a short write (a full pipe) continues where it stopped.
    func write(_ line: String) {
        let bytes = Array(line.utf8)
        lock.withLock { _ in
            bytes.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress else { return }
                var written = 0
                while written < buffer.count {
                    let result = Glibc.write(fileDescriptor, base + written, buffer.count - written)
                    if result > 0 {
                        written += result
                    } else if result < 0 && errno == EINTR {
                        continue
                    } else {
                        return
                    }
                }
            }
        }
    }
}
