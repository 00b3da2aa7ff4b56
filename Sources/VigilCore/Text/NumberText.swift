/// Renders metric values for people: integers without a fraction, others with at most two decimals.
public enum NumberText {
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return String(value) }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        let scaled = (value * 100).rounded() / 100
        return String(scaled)
    }
}
