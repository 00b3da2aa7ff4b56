import Testing
import VigilCore
import VigilProbes
import VigilSystemd
import VigilTestSupport

@Suite struct SystemdUnitProbeTests {
    @Test func noBusIsUnknownWithTheReason() async throws {
        let probe = SystemdUnitProbe(unit: "postgresql.service",
                                     reader: UnitStateReader(busAddress: "unix:path=/nonexistent/vigil-test/bus"))
        let observation = try await probe.observe(until: .now + .seconds(5))
        #expect(observation.status == .unknown)
        #expect(observation.message == "cannot read the state of postgresql.service: "
            + "no bus at unix:path=/nonexistent/vigil-test/bus: No such file or directory")
    }

    @Test func aFrozenBusIsUnknownBeforeTheDeadline() async throws {
        let silent = try SilentBusSocket()
        let probe = SystemdUnitProbe(unit: "postgresql.service", reader: UnitStateReader(busAddress: silent.address))
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(1)
        let observation = try await probe.observe(until: deadline)
        #expect(clock.now < deadline + .seconds(1))
        #expect(observation.status == .unknown)
        #expect(observation.message.contains("Connection timed out"), "\(observation.message)")
    }

    @Test func aDeadlineAlreadyPassedIsUnknown() async throws {
        let observation = try await SystemdUnitProbe(unit: "a.service").observe(until: .now - .seconds(1))
        #expect(observation.status == .unknown)
    }

    @Test(arguments: [
        ("active", Status.healthy, "nginx.service is active"),
        ("reloading", .warning, "nginx.service is reloading"),
        ("failed", .critical, "nginx.service is failed"),
        ("inactive", .critical, "nginx.service is inactive"),
        ("maintenance", .unknown, "nginx.service is maintenance (a state Vigil does not judge)"),
    ])
    func aStateReadIsJudged(state: String, status: Status, message: String) {
        let observation = SystemdUnitProbe.observation(of: "nginx.service", .success(state))
        #expect(observation == Observation(status: status, message: message))
    }

    @Test func aFailedReadIsUnknownWithTheReason() {
        let observation = SystemdUnitProbe.observation(of: "nginx.service", .failure(UnitStateError("no system bus: No such file or directory")))
        #expect(observation == Observation(status: .unknown,
                                           message: "cannot read the state of nginx.service: no system bus: No such file or directory"))
    }
}
