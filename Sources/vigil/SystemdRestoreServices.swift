import VigilBackup
import VigilSystemd

/// Stops and starts the restore's units through systemd over the system bus; built only when
/// `[backup] units` lists some, so a restore without units never opens a bus.
struct SystemdRestoreServices: RestoreServiceControl {
    let controller = UnitController()

    func stop(_ unit: String, deadline: ContinuousClock.Instant) throws(BackupError) {
        do throws(UnitControlError) {
            try controller.stop(unit, timeout: ContinuousClock.now.duration(to: deadline))
        } catch {
            throw BackupError(step: "stop units", error.description)
        }
    }

    func start(_ unit: String, deadline: ContinuousClock.Instant) throws(BackupError) {
        do throws(UnitControlError) {
            try controller.start(unit, timeout: ContinuousClock.now.duration(to: deadline))
        } catch {
            throw BackupError(step: "start units", error.description)
        }
    }
}
