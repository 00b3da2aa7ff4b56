/// Finds the valid name an operator most likely meant, so a typo such as `timout` gets a fix, not a puzzle.
enum KeySuggestion {
    /// The candidate closest to `word` within an edit distance of 2, if any.
    static func closest(to word: String, among candidates: [String]) -> String? {
        guard word.count <= 64 else { return nil }
        let best = candidates
            .map { (candidate: $0, distance: editDistance(word, $0)) }
            .filter { $0.distance <= 2 }
            .min { ($0.distance, $0.candidate) < ($1.distance, $1.candidate) }
        return best?.candidate
    }

    /// ` (did you mean "timeout"?)` or nothing.
    static func hint(for word: String, among candidates: [String]) -> String {
        closest(to: word, among: candidates).map { "; did you mean \"\($0)\"?" } ?? ""
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs), b = Array(rhs)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
