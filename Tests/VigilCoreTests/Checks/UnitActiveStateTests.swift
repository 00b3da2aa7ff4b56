import Testing
import VigilCore

@Suite struct UnitActiveStateTests {
    @Test(arguments: [
        ("active", Status.healthy),
        ("activating", .warning),
        ("reloading", .warning),
        ("deactivating", .warning),
        ("failed", .critical),
        ("inactive", .critical),
        ("maintenance", .unknown),
        ("refreshing", .unknown),
        ("", .unknown),
        ("ACTIVE", .unknown),
    ])
    func activeStateMapsToStatus(activeState: String, expected: Status) {
        #expect(UnitActiveState.status(of: activeState) == expected)
    }

    @Test func everyKnownStateHasAVerdictOtherThanUnknown() {
        for state in UnitActiveState.allCases {
            #expect(state.status != .unknown, "\(state.rawValue)")
        }
    }
}
