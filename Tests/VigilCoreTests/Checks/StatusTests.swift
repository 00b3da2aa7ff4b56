import Testing
import VigilCore

@Suite struct StatusTests {
    @Test(arguments: [(Status.healthy, Int32(0)), (.warning, 1), (.critical, 2), (.unknown, 3)])
    func exitCodesFollowThePluginConvention(status: Status, code: Int32) {
        #expect(status.exitCode == code)
        #expect(Status(pluginExitCode: code) == status)
    }

    @Test func codesOutsideTheConventionMapToNothing() {
        #expect(Status(pluginExitCode: 4) == nil)
        #expect(Status(pluginExitCode: -1) == nil)
    }

    @Test(arguments: [
        (Status.healthy, Status.warning, Status.warning),
        (.warning, .unknown, .unknown),
        (.unknown, .critical, .critical),
        (.critical, .healthy, .critical),
        (.healthy, .healthy, .healthy),
    ])
    func worseCombinesVerdicts(a: Status, b: Status, expected: Status) {
        #expect(a.worse(b) == expected)
        #expect(b.worse(a) == expected)
    }
}
