import Foundation
import Testing
import VigilSystemd
import VigilTestSupport

/// Outside systemd; restarts under a real systemd are tested in VigilDaemonTests'
/// RestartUnitUnderSystemdTests, stops and starts in RestoreUnderSystemdTests.
@Suite struct UnitControllerTests {
    @Test func aBusThatIsNotThereIsSaidSo() {
        let controller = UnitController(busAddress: "unix:path=/nonexistent/vigil-test/bus")
        let missing = UnitControlError("no bus at unix:path=/nonexistent/vigil-test/bus: No such file or directory")
        #expect(throws: missing) {
            try controller.restart("postgresql.service", timeout: .seconds(5))
        }
        #expect(throws: missing) {
            try controller.stop("alexandria-api.service", timeout: .seconds(5))
        }
        #expect(throws: missing) {
            try controller.start("alexandria-api.service", timeout: .seconds(5))
        }
    }

    /// Without systemd (as on CI) the system bus is missing or has no systemd on it; with
    /// systemd, a unit nobody installed cannot be restarted or started. Either way the text says where.
    @Test func theSystemBusRefusesAUnitNobodyInstalledAndSaysWhere() {
        let unit = "vigil-absent-\(UUID().uuidString.lowercased()).service"
        #expect {
            try UnitController().restart(unit, timeout: .seconds(5))
        } throws: { error in
            "\(error)".contains("system bus")
        }
        #expect {
            try UnitController().start(unit, timeout: .seconds(5))
        } throws: { error in
            "\(error)".contains("system bus")
        }
    }

    @Test func aBusThatNeverAnswersCannotHoldTheCallerPastTheTimeout() throws {
        let silent = try SilentBusSocket()
        let controller = UnitController(busAddress: silent.address)
        let timedOut = UnitControlError("bus at \(silent.address): connecting: Connection timed out")
        for call in [{ _ = try controller.restart("postgresql.service", timeout: .seconds(1)) },
                     { try controller.stop("alexandria-api.service", timeout: .seconds(1)) }] as [() throws -> Void] {
            let start = ContinuousClock.now
            #expect(throws: timedOut) { try call() }
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= .milliseconds(900))
            #expect(elapsed < .seconds(3))
        }
    }
}
