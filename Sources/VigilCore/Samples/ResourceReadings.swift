/// What the kernel says of a unit's or a process's memory and CPU, parsed from the files it
/// writes: a cgroup's `memory.current` and `cpu.stat`, a process's `/proc/PID/status` and `stat`.
public enum ResourceReadings {
    /// A cgroup file holding one number: `memory.current` (bytes), v1's `memory.usage_in_bytes`, `cpuacct.usage` (ns).
    public static func cgroupValue(_ text: String) -> Double? {
        Double(text.trimmingWhitespace)
    }

    /// `cpu.stat`'s `usage_usec`, in seconds of CPU since the cgroup began.
    public static func cgroupCPUSeconds(_ text: String) -> Double? {
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, fields[0] == "usage_usec", let microseconds = Double(fields[1]) { return microseconds / 1e6 }
        }
        return nil
    }

    /// `/proc/PID/status`'s `VmRSS`, in bytes (the kernel writes kB, meaning KiB).
    public static func processResidentBytes(_ status: String) -> Double? {
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.count >= 2, let kibibytes = Double(fields[1]) { return kibibytes * 1024 }
        }
        return nil
    }

    /// `/proc/PID/stat`'s `utime` + `stime` (fields 14 and 15), in clock ticks. The command name
    /// (field 2) may hold spaces and parentheses, so fields are counted after its last `)`.
    public static func processCPUTicks(_ stat: String) -> Double? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state): utime is field 14, stime 15.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return user + system
    }

    /// `/proc/PID/limits`' soft limit on open files; nil when unlimited or unreadable.
    public static func openFilesLimit(_ limits: String) -> Double? {
        for line in limits.split(separator: "\n") where line.hasPrefix("Max open files") {
            let fields = line.dropFirst("Max open files".count).split(whereSeparator: { $0 == " " || $0 == "\t" })
            return fields.first.flatMap { Double($0) }
        }
        return nil
    }

    /// A pid file's pid: its first line, a positive integer.
    public static func pid(_ text: String) -> Int32? {
        guard let line = text.split(separator: "\n").first, let pid = Int32(line.trimmingWhitespace), pid > 0 else { return nil }
        return pid
    }
}

extension StringProtocol {
    /// Without the whitespace at either end (FoundationEssentials has no `trimmingCharacters`).
    public var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
