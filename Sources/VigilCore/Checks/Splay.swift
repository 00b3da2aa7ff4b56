/// Spreads checks over their interval so that they do not all fire at once.
///
/// The offset is a stable hash of the name, so it survives restarts and reloads.
public enum Splay {
    /// FNV-1a of the name, modulo the interval in milliseconds.
    public static func offset(for name: String, interval: Duration) -> Duration {
        let intervalMs = DurationText.milliseconds(interval)
        guard intervalMs > 0 else { return .zero }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return .milliseconds(Int64(hash % UInt64(intervalMs)))
    }
}
