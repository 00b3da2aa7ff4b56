/// Spreads checks over their interval so that they do not all fire at once.
///
/// The offset is a stable hash of the name, so it survives restarts and reloads. It falls on a
/// grid of `grid`: checks of one interval that land in the same slot fire together and share
/// the daemon's wake-up, instead of each waking it on its own.
public enum Splay {
    /// The spacing of the slots a check may start in.
    public static let grid: Duration = .milliseconds(50)

    /// FNV-1a of the name, modulo the number of slots in the interval, times the grid.
    public static func offset(for name: String, interval: Duration) -> Duration {
        let gridMs = DurationText.milliseconds(grid)
        let slots = DurationText.milliseconds(interval) / gridMs
        guard slots > 1 else { return .zero }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return .milliseconds(Int64(hash % UInt64(slots)) * gridMs)
    }
}
