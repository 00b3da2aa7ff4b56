import FoundationEssentials
import VigilCore

/// `vigil releases` for a terminal: one row per version seen, newest first, the running one and
/// the last known good marked. Pure, so it is tested on hand-built books.
public enum ReleaseText {
    public static func list(_ book: ReleaseBook) -> String {
        guard !book.records.isEmpty else { return "no release seen yet" }
        let good = book.lastKnownGood?.version
        let rows = book.records.reversed().map { record in
            var marks: [String] = []
            if record.version == book.running { marks.append("running") }
            if record.version == good { marks.append("last known good") }
            return [record.version, WallClock.text(record.firstSeen), WallClock.text(record.lastSeen),
                    record.becameGoodAt.map(WallClock.text) ?? "-", record.outcome?.rawValue ?? "-", marks.joined(separator: ", ")]
        }
        return TextTable(header: ["VERSION", "FIRST SEEN", "LAST SEEN", "GOOD SINCE", "OUTCOME", ""], rows: rows).text
    }
}
