import Foundation
import Testing
import VigilSystemd
import VigilTestSupport

/// Outside systemd; stops and starts under a real systemd are tested in VigilDaemonTests'
/// RestoreUnderSystemdTests.
@Suite struct UnitControllerTests {
    @Test func aBusThatIsNotThereIsSaidSo() {
        let controller = UnitController(busAddress: "unix:path=/nonexistent/vigil-test/bus")
        #expect(throws: UnitControlError("no bus at unix:path=/nonexistent/vigil-test/bus: No such file or directory")) {
            try controller.stop("alexandria-api.service", timeout: .seconds(5))
        }
        #expect(throws: UnitControlError("no bus at unix:path=/nonexistent/vigil-test/bus: No such file or directory")) {
            try controller.start("alexandria-api.service", timeout: .seconds(5))
        }
    }

    /// Without systemd (as on CI) the system bus is missing or has no systemd on it; with
    /// systemd, a unit nobody installed cannot be started. Either way the text says where.
    @Test func theSystemBusRefusesAUnitNobodyInstalledAndSaysWhere() {
        let unit = "vigil-absent-\(UUID().uuidString.lowercased()).service"
        #expect {
            try UnitController().start(unit, timeout: .seconds(5))
        } throws: { error in
            "\(error)".contains("system bus")
        }
    }

    @Test func aBusThatNeverAnswersCannotHoldTheCallerPastTheTimeout() throws {
        let silent = try SilentBusSocket()
        let controller = UnitController(busAddress: silent.address)
        let start = ContinuousClock.now
        #expect(throws: UnitControlError("bus at \(silent.address): connecting: Connection timed out")) {
            try controller.stop("alexandria-api.service", timeout: .seconds(1))
        }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(900))
        #expect(elapsed < .seconds(3))
    }
}
