import Glibc
import Testing
import VigilProcess

@Suite struct ChildTerminationTests {
    @Test(arguments: [
        (ChildTermination.exited(0), "exited with code 0"),
        (.exited(7), "exited with code 7"),
        (.signaled(SIGKILL), "killed by signal 9 (SIGKILL)"),
        (.signaled(SIGTERM), "killed by signal 15 (SIGTERM)"),
        (.signaled(SIGSEGV), "killed by signal 11 (SIGSEGV)"),
        (.signaled(200), "killed by signal 200"),
    ])
    func describesItselfForMessages(termination: ChildTermination, text: String) {
        #expect(termination.description == text)
    }
}
