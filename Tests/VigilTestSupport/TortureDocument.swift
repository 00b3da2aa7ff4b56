import Foundation

/// The document `vigil-state-torture` saves and `StateStoreCrashTests` checks: sequence N
/// determines all of it, and its size varies between ~1 KB and ~100 KB, so a mixed or cut
/// document cannot pass for a whole one.
public struct TortureDocument: Codable, Sendable, Equatable {
    public var sequence: Int
    public var items: [String]

    public init(sequence: Int) {
        self.sequence = sequence
        let count = 20 + (sequence * 7_919) % 2_000
        items = (0..<count).map { "item \($0) of document \(sequence)/\(count)" }
    }
}
