import FoundationEssentials
import Glibc

/// Where `vigil run` sends its events (`--log-target`).
public enum LogTarget: String, Sendable, CaseIterable {
    case auto, journal, console

    /// `auto` becomes `journal` when stderr is connected to the journal, else `console`.
    ///
    /// systemd sets `JOURNAL_STREAM=<dev>:<ino>` for the stream it hands a service (systemd.exec(5));
    /// the variable alone is not enough, since a child of the service inherits it with a stderr
    /// redirected elsewhere: the device and inode must match `fstat` of stderr itself.
    public func resolved(environment: [String: String] = ProcessInfo.processInfo.environment,
                         standardError: Int32 = STDERR_FILENO) -> LogTarget {
        guard self == .auto else { return self }
        return Self.isJournalStream(environment["JOURNAL_STREAM"], fileDescriptor: standardError) ? .journal : .console
    }

    static func isJournalStream(_ value: String?, fileDescriptor: Int32) -> Bool {
        guard let parts = value?.split(separator: ":", omittingEmptySubsequences: false), parts.count == 2,
              let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var info = stat()
        guard fstat(fileDescriptor, &info) == 0 else { return false }
        return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode
    }
}
