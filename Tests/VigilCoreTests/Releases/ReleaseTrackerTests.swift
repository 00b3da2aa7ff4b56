import Foundation
import Testing
import VigilCore

@Suite struct ReleaseTrackerTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static func at(_ minutes: Double) -> Date { start.addingTimeInterval(minutes * 60) }

    static func tracker() -> ReleaseTracker { ReleaseTracker(stableFor: .seconds(600)) }

    @Test("the first version read is running, with no last known good yet")
    func firstRead() {
        var tracker = Self.tracker()
        #expect(tracker.versionRead("1.0", at: Self.at(0)) == [.changed(from: nil, to: "1.0", lastKnownGood: nil)])
        #expect(tracker.book.running == "1.0")
        #expect(tracker.book.lastKnownGood == nil)
        #expect(tracker.nextDeadline == Self.at(10))
    }

    @Test("a version becomes the last known good after stable_for with no CRITICAL, once")
    func becomesGood() {
        var tracker = Self.tracker()
        _ = tracker.versionRead("1.0", at: Self.at(0))
        #expect(tracker.versionRead("1.0", at: Self.at(9.9)).isEmpty)
        #expect(tracker.tick(at: Self.at(10)) == [.becameGood(version: "1.0", stableFor: .seconds(600))])
        #expect(tracker.book.lastKnownGood?.version == "1.0")
        #expect(tracker.book.lastKnownGood?.becameGoodAt == Self.at(10))
        #expect(tracker.nextDeadline == nil)
        #expect(tracker.tick(at: Self.at(20)).isEmpty)
        #expect(tracker.versionRead("1.0", at: Self.at(21)).isEmpty)
        #expect(tracker.book.record(of: "1.0")?.lastSeen == Self.at(21))
    }

    @Test("a confirmed CRITICAL stops the stretch; its end starts a new one of stable_for")
    func criticalInterrupts() {
        var tracker = Self.tracker()
        _ = tracker.versionRead("1.0", at: Self.at(0))
        #expect(tracker.criticalChanged(true, at: Self.at(5)).isEmpty)
        #expect(tracker.nextDeadline == nil)
        #expect(tracker.tick(at: Self.at(12)).isEmpty)
        #expect(tracker.criticalChanged(false, at: Self.at(14)).isEmpty)
        #expect(tracker.nextDeadline == Self.at(24))
        #expect(tracker.tick(at: Self.at(23.9)).isEmpty)
        #expect(tracker.tick(at: Self.at(24)) == [.becameGood(version: "1.0", stableFor: .seconds(600))])
    }

    @Test("a new version names the previous one and the last known good, and starts its own stretch")
    func changeNamesPrevious() {
        var tracker = Self.tracker()
        _ = tracker.versionRead("1.0", at: Self.at(0))
        _ = tracker.tick(at: Self.at(10))
        #expect(tracker.versionRead("1.1", at: Self.at(30)) == [.changed(from: "1.0", to: "1.1", lastKnownGood: "1.0")])
        #expect(tracker.book.record(of: "1.0")?.lastSeen == Self.at(0), "the last read that saw it")
        #expect(tracker.book.changedAfter == Self.at(0), "the change happened after that read")
        #expect(tracker.book.runningSince == Self.at(30))
        #expect(tracker.nextDeadline == Self.at(40))
        #expect(tracker.book.lastKnownGood?.version == "1.0")
        _ = tracker.tick(at: Self.at(40))
        #expect(tracker.book.lastKnownGood?.version == "1.1")
    }

    @Test("a version that arrives while a check is CRITICAL starts its stretch when the CRITICAL ends")
    func arrivesDuringCritical() {
        var tracker = Self.tracker()
        _ = tracker.versionRead("1.0", at: Self.at(0))
        _ = tracker.criticalChanged(true, at: Self.at(1))
        _ = tracker.versionRead("1.1", at: Self.at(2))
        #expect(tracker.book.stableSince == nil)
        _ = tracker.criticalChanged(false, at: Self.at(3))
        #expect(tracker.nextDeadline == Self.at(13))
    }

    @Test("a version seen before keeps its first sighting; one rolled back never becomes good again")
    func returningVersion() {
        var tracker = Self.tracker()
        _ = tracker.versionRead("1.0", at: Self.at(0))
        _ = tracker.tick(at: Self.at(10))
        _ = tracker.versionRead("1.1", at: Self.at(20))
        tracker.mark("1.1", .rolledBack)
        _ = tracker.versionRead("1.0", at: Self.at(25))
        #expect(tracker.book.record(of: "1.0")?.firstSeen == Self.at(0))
        #expect(tracker.book.records.map(\.version) == ["1.0", "1.1"])
        _ = tracker.versionRead("1.1", at: Self.at(30))
        #expect(tracker.tick(at: Self.at(60)).isEmpty)
        #expect(tracker.book.record(of: "1.1")?.outcome == .rolledBack)
        #expect(tracker.book.lastKnownGood?.version == "1.0")
    }

    @Test("a read that fails is said once until a read succeeds again")
    func readFailures() {
        var tracker = Self.tracker()
        _ = tracker.versionRead("1.0", at: Self.at(0))
        #expect(tracker.readFailed("No such file or directory", at: Self.at(1)) == [.readFailed(reason: "No such file or directory")])
        #expect(tracker.readFailed("No such file or directory", at: Self.at(2)).isEmpty)
        #expect(tracker.book.running == "1.0")
        #expect(tracker.versionRead("1.0", at: Self.at(3)) == [.readRecovered(version: "1.0")])
    }

    @Test("the book keeps the newest versions, never dropping the running one or the last known good")
    func keepsBounded() {
        var tracker = Self.tracker()
        _ = tracker.versionRead("good", at: Self.at(0))
        _ = tracker.tick(at: Self.at(10))
        for index in 0..<(ReleaseBook.keep + 10) { _ = tracker.versionRead("v\(index)", at: Self.at(20 + Double(index))) }
        #expect(tracker.book.records.count == ReleaseBook.keep)
        #expect(tracker.book.record(of: "good") != nil)
        #expect(tracker.book.record(of: "v\(ReleaseBook.keep + 9)") != nil)
        #expect(tracker.book.record(of: "v0") == nil)
    }

    @Test("the book round-trips through JSON, dates exact")
    func bookRoundTrips() throws {
        var tracker = Self.tracker()
        _ = tracker.versionRead("1.0", at: Self.at(0.123))
        _ = tracker.tick(at: Self.at(10.5))
        let data = try JSONEncoder().encode(tracker.book)
        #expect(try JSONDecoder().decode(ReleaseBook.self, from: data) == tracker.book)
    }

    @Test("journal entries carry the release, the previous one and the last known good")
    func journalFields() {
        let event = JournalEvent.release(.changed(from: "1.0", to: "1.1", lastKnownGood: "1.0"), source: "version_file /srv/VERSION")
        #expect(event.kind == .releaseChanged)
        #expect(event.message == "release changed from 1.0 to 1.1 (last known good: 1.0)")
        #expect(event.fields.contains(.init("RELEASE", "1.1")))
        #expect(event.fields.contains(.init("PREVIOUS_RELEASE", "1.0")))
        #expect(event.fields.contains(.init("LAST_KNOWN_GOOD", "1.0")))
        let good = JournalEvent.release(.becameGood(version: "1.1", stableFor: .seconds(600)), source: "x")
        #expect(good.message == "release 1.1 is the last known good: 10m with no check confirmed CRITICAL")
    }
}

@Suite struct ReleaseVersionTests {
    static func read(_ text: String) -> Result<String, ReleaseVersion.Problem> { ReleaseVersion.firstLine(of: Array(text.utf8)) }

    @Test("the first line, trimmed, is the version")
    func firstLine() {
        #expect(Self.read("2.4.1\n") == .success("2.4.1"))
        #expect(Self.read("  v2.4.1-rc1 \r\nbuilt by ci\n") == .success("v2.4.1-rc1"))
        #expect(Self.read("2.4.1") == .success("2.4.1"))
    }

    @Test("empty, huge, binary or control characters are refused with the reason")
    func refused() {
        #expect(Self.read("") == .failure(.init("it is empty")))
        #expect(Self.read("\n2.4.1\n") == .failure(.init("its first line is empty")))
        #expect(Self.read(String(repeating: "9", count: 201)) == .failure(.init("its first line is 201 bytes, more than a version's 200")))
        #expect(ReleaseVersion.firstLine(of: [0x32, 0xFF, 0xFE, 0x0A]) == .failure(.init("the first line is not UTF-8 text")))
        #expect(Self.read("2.4\u{00}1") == .failure(.init("its first line holds control characters")))
    }
}
