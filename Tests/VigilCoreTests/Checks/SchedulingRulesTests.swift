import Testing
import VigilCore

@Suite struct SplayTests {
    @Test func offsetIsStableAndWithinTheInterval() {
        for name in ["database", "event_store", "api", "plugin_system", "memory", "disk_space"] {
            let offset = Splay.offset(for: name, interval: .seconds(15))
            #expect(offset >= .zero && offset < .seconds(15))
            #expect(offset == Splay.offset(for: name, interval: .seconds(15)))
        }
    }

    @Test func namesSpreadOut() {
        let offsets = Set((0..<50).map { Splay.offset(for: "check-\($0)", interval: .seconds(60)) })
        #expect(offsets.count > 40)
    }

    @Test func knownValueGuardsAgainstAnAccidentalChangeOfHash() {
        // The empty name hashes to FNV-1a's offset basis; a second has 20 slots of 50 ms.
        #expect(Splay.offset(for: "", interval: .milliseconds(1000)) == .milliseconds(Int64(UInt64(0xcbf2_9ce4_8422_2325) % 20) * 50))
    }

    @Test func offsetsFallOnTheGridSoChecksDueTogetherFireTogether() {
        for index in 0..<50 {
            let offset = Splay.offset(for: "check-\(index)", interval: .seconds(1))
            #expect(DurationText.milliseconds(offset) % 50 == 0, "\(offset)")
        }
        // An interval of one slot or less has nothing to spread over.
        #expect(Splay.offset(for: "database", interval: .milliseconds(50)) == .zero)
    }
}

@Suite struct OverrunGuardTests {
    @Test func aSecondTickWhileRunningIsSkippedAndTheEpisodeIsCounted() {
        var guardian = OverrunGuard()
        #expect(guardian.tick() == .start)
        #expect(guardian.tick() == .skip(firstOfEpisode: true))
        #expect(guardian.tick() == .skip(firstOfEpisode: false))
        #expect(guardian.finished() == 2)
        #expect(guardian.tick() == .start)
        #expect(guardian.finished() == nil)
        #expect(guardian.tick() == .start)
        #expect(guardian.tick() == .skip(firstOfEpisode: true))
        #expect(guardian.totalSkips == 3)
    }
}
