import Foundation
import Testing
import VigilTestSupport

/// `SystemTimeZone`, the daemon's zone for `daily_at`, read through libc, gives the offsets ICU's
/// zones give: run as a child under each `TZ` (the zone is process-wide), compared with `TimeZone`.
@Suite struct SystemTimeZoneTests {
    /// The offset changes of 2026 (each a second before and at the change), midsummer and midwinter,
    /// 1970, and a date past 2038, where the zone file's rule string takes over from its table.
    static let instants: [Int] = [
        1_774_745_999, 1_774_746_000,   // 2026-03-29 01:00 UTC: Europe springs forward
        1_792_889_999, 1_792_890_000,   // 2026-10-25 01:00 UTC: Europe falls back
        1_772_953_199, 1_772_953_200,   // 2026-03-08 07:00 UTC: New York springs forward
        1_793_512_799, 1_793_512_800,   // 2026-11-01 06:00 UTC: New York falls back
        1_775_314_799, 1_775_314_800,   // 2026-04-04 15:00 UTC: Lord Howe falls back half an hour
        1_781_000_000, 1_767_225_600, 0, 2_500_000_000,
    ]

    @Test(arguments: ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"])
    func offsetsMatchFoundation(_ zone: String) throws {
        let expected = try #require(TimeZone(identifier: zone))
        let tool = RepositoryPaths.productsDirectory.appendingPathComponent("vigil-zone-offsets").path
        let child = try BackgroundProcess([tool] + Self.instants.map(String.init), environment: ["TZ": zone])
        let status = try #require(child.waitForExit(), "vigil-zone-offsets did not exit")
        #expect(BackgroundProcess.exitCode(fromWaitStatus: status) == 0, "\(child.printed)")
        let printed = child.printed.split(separator: "\n").map { Int($0) }
        #expect(printed.count == Self.instants.count, "\(child.printed)")
        for (instant, offset) in zip(Self.instants, printed) {
            let date = Date(timeIntervalSince1970: TimeInterval(instant))
            #expect(offset == expected.secondsFromGMT(for: date), "\(zone) at \(date)")
        }
    }

    @Test func theOffsetsChangeAtTheEdges() throws {
        // The instants are chosen well: Berlin's offset changes across each European edge.
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let offsets = Self.instants[0..<4].map { berlin.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval($0))) }
        #expect(offsets == [3600, 7200, 7200, 3600])
    }
}
