import Foundation
import Testing
@testable import VigilCore

/// Backup folder names: the stamp is computed by plain calendar arithmetic, held here to libc's
/// `gmtime_r` over centuries, leap days and both sides of 1970.
@Suite struct CompactUTCTests {
    static func gmtimeStamp(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec)
    }

    @Test(arguments: [0, 1, 59, 86_399, 86_400, -1, -86_400, -86_401, 951_782_400, 951_868_799, 1_709_164_800,
                      1_750_000_000, 1_774_745_999, 4_102_444_800, 4_107_542_400, 253_402_300_799, -2_208_988_800])
    func stampAsGmtime(seconds: Int) {
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        #expect(CompactUTC.stamp(date) == Self.gmtimeStamp(seconds))
        #expect(CompactUTC.date(CompactUTC.stamp(date)) == date)
    }

    @Test func everyDayOfFourHundredYears() {
        // One Gregorian cycle, a day apart, at a second that is not midnight.
        var seconds = 946_684_800 + 3_723
        for _ in 0..<146_097 {
            let stamp = CompactUTC.stamp(Date(timeIntervalSince1970: TimeInterval(seconds)))
            guard stamp == Self.gmtimeStamp(seconds) else {
                Issue.record("\(seconds): \(stamp), gmtime says \(Self.gmtimeStamp(seconds))")
                return
            }
            seconds += 86_400
        }
    }

    @Test(arguments: ["20260231T000000Z", "20250229T120000Z", "20261301T000000Z", "20260101T240000Z", "2026-01-01T00:00:00Z", "20260101T000000"])
    func rejectsWhatIsNoSecond(stamp: String) {
        #expect(CompactUTC.date(stamp) == nil)
    }

    @Test func leapDayIsASecond() {
        #expect(CompactUTC.date("20240229T235959Z") == Date(timeIntervalSince1970: 1_709_251_199))
    }
}
