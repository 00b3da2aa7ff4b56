/// How a restore stops the units that use the database and the storage paths, and starts them
/// again: VigilBackup knows no bus, the caller hands in the means (systemd over D-Bus in `vigil`).
public protocol RestoreServiceControl: Sendable {
    /// Returns once `unit` is stopped; throws saying why it is not (the runner names the step).
    func stop(_ unit: String, deadline: ContinuousClock.Instant) throws(BackupError)
    /// Returns once `unit` was started; throws saying why it was not.
    func start(_ unit: String, deadline: ContinuousClock.Instant) throws(BackupError)
}
