import Testing
import VigilCore

@Suite struct DaemonEventsTests {
    @Test func rejectedReloadIsAnErrorThatListsEveryReason() {
        let event = JournalEvent.reloadRejected(errors: ["a.toml:1:1: bad", "a.toml:2:1: worse"])
        #expect(event.kind == .configRejected)
        #expect(event.priority == .error)
        #expect(event.message == "reload rejected, keeping the running configuration (2 errors): a.toml:1:1: bad; a.toml:2:1: worse")
        #expect(event.value(of: "REASON") == "a.toml:1:1: bad")
    }

    @Test func overrunNamesTheCheckAndItsSchedule() {
        let check = CheckDefinition(name: "slow", kind: .memory, interval: .seconds(5), timeout: .milliseconds(1500))
        let event = JournalEvent.overrun(check)
        #expect(event.kind == .checkOverrun)
        #expect(event.value(of: "CHECK") == "slow")
        #expect(event.value(of: "INTERVAL") == "5s")
        #expect(event.value(of: "TIMEOUT") == "1500ms")
    }

    @Test func reloadSummarisesTheChange() {
        let memory = CheckDefinition(name: "memory", kind: .memory)
        let configuration = VigilConfiguration(checks: [memory], sources: ["/etc/vigil/vigil.toml"])
        let event = JournalEvent.reloaded(configuration, change: CheckSetChange(from: [], to: [memory]))
        #expect(event.message == "configuration reloaded: 1 file, 1 check (1 enabled), 0 databases; 1 added, 0 removed, 0 changed, 0 unchanged")
        #expect(event.value(of: "CHECKS_ADDED") == "memory")
    }
}

@Suite struct ConfigurationSummaryTests {
    @Test func plansAreCountedOnlyWhenThereAreAny() {
        var configuration = VigilConfiguration(checks: [CheckDefinition(name: "memory", kind: .memory)], sources: ["a.toml"])
        #expect(configuration.summary == "1 file, 1 check (1 enabled), 0 databases")
        configuration.remediationPlans = ["restart-api": RemediationPlan(name: "restart-api", steps: [.notify("api is down")])]
        #expect(configuration.summary == "1 file, 1 check (1 enabled), 0 databases, 1 remediation plan")
    }
}
