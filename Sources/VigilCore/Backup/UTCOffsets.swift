import FoundationEssentials

/// A zone's offset from UTC at each instant: all `BackupSchedule` needs to place a local wall-clock
/// time, DST included. A port, because FoundationEssentials alone knows no named zone (that takes
/// ICU); the daemon's adapter reads the system's zone through libc.
public protocol UTCOffsets: Sendable {
    /// Seconds to add to UTC to read the local wall clock at `date` (+3600 for CET, +7200 for CEST).
    func secondsFromGMT(for date: Date) -> Int
}

/// Foundation's zones already say this; tests use named ones, fixed offsets work anywhere.
extension TimeZone: UTCOffsets {}
