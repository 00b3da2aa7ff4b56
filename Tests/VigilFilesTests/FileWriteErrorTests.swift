import Glibc
import Testing
import VigilFiles

@Suite("FileWriteError")
struct FileWriteErrorTests {
    @Test("the text names the operation, the path and the system's reason")
    func description() {
        let error = FileWriteError(path: "/var/lib/vigil/state.json", operation: "fsync", errorNumber: EIO)
        #expect(error.description == "fsync /var/lib/vigil/state.json: Input/output error")
        #expect(error.reason == "Input/output error")
    }

    @Test("made right after the failing call, it keeps the errno that call left")
    func capturesErrno() {
        errno = ENOSPC
        let error = FileWriteError(path: "/var/lib/vigil/.state.json.1.tmp", operation: "write")
        #expect(error.errorNumber == ENOSPC)
        #expect(error.description == "write /var/lib/vigil/.state.json.1.tmp: No space left on device")
    }
}
