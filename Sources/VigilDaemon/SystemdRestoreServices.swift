import VigilBackup
import VigilSystemd

/// Stops and starts a restore's units through systemd (the system bus, or `busAddress`); built
/// only when `[backup] units` lists some, so a restore without units never opens a bus.
public struct SystemdRestoreServices: RestoreServiceControl {
    let controller: UnitController

    public init(busAddress: String? = nil) {
        controller = UnitController(busAddress: busAddress)
    }

    public func stop(_ unit: String, deadline: ContinuousClock.Instant) throws(BackupError) {
        do throws(UnitControlError) {
            try controller.stop(unit, timeout: ContinuousClock.now.duration(to: deadline))
        } catch {
            throw BackupError(step: "stop units", error.description)
        }
    }

    public func start(_ unit: String, deadline: ContinuousClock.Instant) throws(BackupError) {
        do throws(UnitControlError) {
            try controller.start(unit, timeout: ContinuousClock.now.duration(to: deadline))
        } catch {
            throw BackupError(step: "start units", error.description)
        }
    }
}
