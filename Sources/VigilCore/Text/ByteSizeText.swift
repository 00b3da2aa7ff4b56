/// Sizes as people write them in a config: `100MB`, `1.5GB`, `512KiB`, `2048B`.
public enum ByteSizeText {
    /// Decimal (kB, MB, GB, TB) and binary (KiB, MiB, GiB, TiB) units; case of the `B` as written.
    static let units: [(suffix: String, factor: Double)] = [
        ("KiB", 1024), ("MiB", 1024 * 1024), ("GiB", 1024 * 1024 * 1024), ("TiB", 1024 * 1024 * 1024 * 1024),
        ("kB", 1e3), ("KB", 1e3), ("MB", 1e6), ("GB", 1e9), ("TB", 1e12), ("B", 1),
    ]

    /// The size in bytes, or nil when `text` is not a number followed by one of the units.
    public static func parse(_ text: String) -> Double? {
        let trimmed = text.filter { $0 != " " }
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            let number = trimmed.dropLast(suffix.count)
            guard !number.isEmpty, number.allSatisfy({ $0.isNumber || $0 == "." }), let value = Double(number) else { return nil }
            return value * factor
        }
        return nil
    }
}
