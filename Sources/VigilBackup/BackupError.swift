/// Why a backup, its verification or a listing failed: the step (`pg_dump`, `archive /srv/files`,
/// `checksum`, …) and what went wrong, never a password.
public struct BackupError: Error, Sendable, Equatable, CustomStringConvertible {
    public var step: String
    public var reason: String
    /// What the abandoned backup had written before it was removed, when it got that far.
    public var bytesWritten: Int64?

    public init(step: String, _ reason: String) {
        self.step = step
        self.reason = reason
    }

    public var description: String { "\(step): \(reason)" }
}
