import FoundationEssentials
import Glibc
import VigilCore

/// The host's zone (`TZ`, else /etc/localtime) as libc reads it, for `daily_at`: FoundationEssentials
/// alone knows no named zone (`TimeZone.current` is UTC without ICU), and ICU's data costs 30 MB.
public struct SystemTimeZone: UTCOffsets {
    /// Reads the zone once, as a daemon started under it should keep it.
    public init() {
        tzset()
    }

    public func secondsFromGMT(for date: Date) -> Int {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return 0 }
        return parts.tm_gmtoff
    }
}
