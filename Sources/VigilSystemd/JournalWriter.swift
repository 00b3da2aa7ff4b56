import CSystemd
import Glibc
import VigilCore

/// Writes events to journald over its native protocol, every field searchable with journalctl.
///
/// `sd_journal_sendv` keeps values intact (newlines included) and costs one datagram per event.
public struct JournalWriter: EventSink {
    public let identifier: String

    public init(identifier: String = "vigil") {
        self.identifier = identifier
    }

    public func write(_ event: JournalEvent) {
        if Self.send(assignments(for: event)) < 0 {
            // journald is gone (restarting, or never there): say it on stderr, fields and all, rather than lose it.
            ConsoleWriter(minimumPriority: .debug, includeFields: true).write(event)
        }
    }

    /// The `FIELD=value` assignments of one entry, in the order they are sent.
    func assignments(for event: JournalEvent) -> [String] {
        var assignments = [
            "MESSAGE=" + event.message,
            "PRIORITY=\(event.priority.rawValue)",
            "SYSLOG_IDENTIFIER=" + identifier,
        ]
        if let kind = event.kind {
            assignments.append("MESSAGE_ID=" + kind.messageID)
        }
        for field in event.fields {
            guard let name = JournalFieldName.sanitized(field.name) else { continue }
            assignments.append(name + "=" + field.value)
        }
        return assignments
    }

    /// One buffer holding every assignment and an `iovec` over each: variadic `sd_journal_send`
    /// does not import into Swift.
    private static func send(_ assignments: [String]) -> Int32 {
        var buffer: [UInt8] = []
        var spans: [(offset: Int, length: Int)] = []
        for assignment in assignments {
            spans.append((buffer.count, assignment.utf8.count))
            buffer.append(contentsOf: assignment.utf8)
        }
        return buffer.withUnsafeMutableBytes { bytes -> Int32 in
            guard let base = bytes.baseAddress else { return -EINVAL }
            var vectors = spans.map { iovec(iov_base: base + $0.offset, iov_len: $0.length) }
            return sd_journal_sendv(&vectors, Int32(vectors.count))
        }
    }
}
