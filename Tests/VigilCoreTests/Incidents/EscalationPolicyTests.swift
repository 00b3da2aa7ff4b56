import Testing
import VigilCore

@Suite struct EscalationPolicyTests {
    @Test func theDefaultIsTheSeedsMatrix() {
        let settings = IncidentSettings()
        let p0 = settings.policy(for: .p0)
        #expect(p0.respondWithin == .seconds(300))
        #expect(p0.path == ["on-call-engineer", "tech-lead", "engineering-manager", "cto"])
        #expect(p0.autoActions == ["alert-team", "create-incident", "start-bridge"])
        #expect(p0.updateEvery == .seconds(1800))
        let p1 = settings.policy(for: .p1)
        #expect(p1.respondWithin == .seconds(900))
        #expect(p1.path == ["on-call-engineer", "tech-lead"])
        #expect(p1.autoActions == ["alert-team", "create-incident"])
        for severity in [Severity.p2, .p3] {
            #expect(settings.policy(for: severity).path.isEmpty)
            #expect(settings.policy(for: severity).autoActions.isEmpty)
        }
        #expect(settings.reopenWithin == .seconds(600))
        #expect(settings.keepResolved == .seconds(400 * 86_400))
    }

    @Test func aSeverityLeftOutNotifiesNobody() {
        #expect(IncidentSettings(escalation: [:]).policy(for: .p0) == .none)
    }
}
