import FoundationEssentials
import VigilBackup
import VigilCore

/// A `backup_age` check: reads the destination's backups (their manifests, not their contents)
/// and the last failure record. CRITICAL without a verified backup, when the newest is older than
/// `max_age`, or when the last attempt failed after it; `age_hours` is the newest one's age.
public struct BackupAgeProbe: Probe {
    public let settings: BackupAgeSettings

    public init(settings: BackupAgeSettings) {
        self.settings = settings
    }

    public func observe(until deadline: ContinuousClock.Instant) async throws -> Observation {
        let settings = settings
        return try await BlockingIO.run { Self.observation(settings, at: Date()) }
    }

    static func observation(_ settings: BackupAgeSettings, at now: Date) -> Observation {
        var isFolder = false
        guard FileManager.default.fileExists(atPath: settings.destination, isDirectory: &isFolder), isFolder else {
            return Observation(status: .critical, message: "backup destination \(settings.destination) does not exist")
        }
        let verified = BackupCatalog.verified(destination: settings.destination)
        let failure = BackupFailureRecord.read(destination: settings.destination)
        guard let newest = verified.first else {
            let failed = failure.map { "; the last attempt, \($0.backup), failed at \($0.step): \($0.reason)" } ?? ""
            return Observation(status: .critical, message: "no verified backup in \(settings.destination)\(failed)",
                               metrics: ["backups": 0])
        }
        let age = now.timeIntervalSince(newest.createdAt)
        let metrics = ["age_hours": (age / 36).rounded() / 100, "backups": Double(verified.count)]
        let limit = WallClock.seconds(settings.maxAge)
        let summary = "newest verified backup \(newest) is \(Self.text(age)) old (max_age \(DurationText.format(settings.maxAge))), "
            + "\(verified.count) verified"
        if let failure, failure.failedAt >= newest.createdAt {
            return Observation(status: .critical, message: "the last backup, \(failure.backup), failed at \(failure.step): \(failure.reason); "
                               + summary, metrics: metrics)
        }
        guard age <= limit else { return Observation(status: .critical, message: summary, metrics: metrics) }
        return Observation(message: summary, metrics: metrics)
    }

    /// `3h12m`, `2d4h`, `40s`.
    static func text(_ seconds: TimeInterval) -> String {
        let whole = max(Int(seconds), 0)
        if whole >= 86400 { return "\(whole / 86400)d\(whole % 86400 / 3600)h" }
        if whole >= 3600 { return "\(whole / 3600)h\(whole % 3600 / 60)m" }
        if whole >= 60 { return "\(whole / 60)m" }
        return "\(whole)s"
    }
}
