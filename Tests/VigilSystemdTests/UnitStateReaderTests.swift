import Foundation
import Testing
import VigilSystemd
import VigilTestSupport

@Suite struct UnitStateReaderTests {
    @Test func aBusThatIsNotThereIsSaidSo() {
        let reader = UnitStateReader(busAddress: "unix:path=/nonexistent/vigil-test/bus")
        #expect(throws: UnitStateError("no bus at unix:path=/nonexistent/vigil-test/bus: No such file or directory")) {
            try reader.activeState(of: "postgresql.service")
        }
    }

    /// Without systemd (as on CI) the system bus is missing or has no systemd on it; with systemd,
    /// a unit nobody installed is simply inactive.
    @Test func theSystemBusAnswersOrTheErrorNamesIt() {
        let unit = "vigil-absent-\(UUID().uuidString.lowercased()).service"
        do {
            #expect(try UnitStateReader().activeState(of: unit) == "inactive")
        } catch {
            #expect(error.description.contains("system bus"), "\(error)")
        }
    }

    @Test func aBusThatNeverAnswersCannotHoldTheCallerPastTheTimeout() throws {
        let silent = try SilentBusSocket()
        let reader = UnitStateReader(busAddress: silent.address)
        let clock = ContinuousClock()
        let start = clock.now
        #expect(throws: UnitStateError("bus at \(silent.address): connecting: Connection timed out")) {
            try reader.activeState(of: "postgresql.service", timeout: .seconds(1))
        }
        let elapsed = clock.now - start
        #expect(elapsed >= .milliseconds(900))
        #expect(elapsed < .seconds(2))
    }
}
