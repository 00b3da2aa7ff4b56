import Glibc

/// One backup at a time per destination: an exclusive `flock` on `.vigil-backup.lock`, released
/// by the kernel if the process dies.
struct DestinationLock {
    private let descriptor: Int32

    init(destination: String) throws(BackupError) {
        let path = destination + "/.vigil-backup.lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw BackupError(step: "prepare", "cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw BackupError(step: "prepare", "another backup is being written to \(destination)")
        }
        self.descriptor = descriptor
    }

    func release() {
        close(descriptor)
    }
}
