import Foundation
import Testing
import VigilSystemd
import VigilTestSupport

/// Outside systemd; restarts under a real systemd are tested in VigilDaemonTests'
/// RestartUnitUnderSystemdTests.
@Suite struct UnitRestarterTests {
    @Test func aBusThatIsNotThereIsSaidSo() {
        let restarter = UnitRestarter(busAddress: "unix:path=/nonexistent/vigil-test/bus")
        #expect(throws: UnitRestartError("no bus at unix:path=/nonexistent/vigil-test/bus: No such file or directory")) {
            try restarter.restart("postgresql.service", timeout: .seconds(5))
        }
    }

    /// Without systemd (as on CI) the system bus is missing or has no systemd on it; with
    /// systemd, a unit nobody installed cannot be restarted. Either way the text says where.
    @Test func theSystemBusRefusesAUnitNobodyInstalledAndSaysWhere() {
        let unit = "vigil-absent-\(UUID().uuidString.lowercased()).service"
        #expect {
            try UnitRestarter().restart(unit, timeout: .seconds(5))
        } throws: { error in
            "\(error)".contains("system bus")
        }
    }

    @Test func aBusThatNeverAnswersCannotHoldTheCallerPastTheTimeout() throws {
        let silent = try SilentBusSocket()
        let restarter = UnitRestarter(busAddress: silent.address)
        let clock = ContinuousClock()
        let start = clock.now
        #expect(throws: UnitRestartError("bus at \(silent.address): connecting: Connection timed out")) {
            try restarter.restart("postgresql.service", timeout: .seconds(1))
        }
        let elapsed = clock.now - start
        #expect(elapsed >= .milliseconds(900))
        #expect(elapsed < .seconds(3))
    }
}
