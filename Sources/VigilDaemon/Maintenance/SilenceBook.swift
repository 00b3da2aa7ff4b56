import VigilCore

/// What `<state_dir>/silences.json` holds: the silences not ended yet, and the latest id handed
/// out, so an id is never given twice in a day even after its silence ended.
struct SilenceBook: Codable, Sendable, Equatable {
    var silences: [Silence] = []
    var lastIssued: String?
}
