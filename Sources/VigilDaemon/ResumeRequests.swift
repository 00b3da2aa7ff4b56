import FoundationEssentials
import Glibc
import VigilCore
import VigilFiles

/// `vigil resume NAME` asks the running daemon to re-arm a stopped plan by leaving a file
/// `<runtime_dir>/resume/NAME` and sending SIGUSR1; the daemon takes the files on the signal.
/// A file (not the signal alone) carries the name, and survives a signal that arrives while the
/// daemon is busy or is coalesced with another one.
public struct ResumeRequests: Sendable {
    /// A plan name that cannot be a file name in the request folder.
    public struct InvalidPlanName: Error, Equatable, CustomStringConvertible {
        public let name: String

        public init(name: String) {
            self.name = name
        }

        public var description: String {
            "\(name.isEmpty ? "an empty name" : "\"\(name)\"") cannot be a plan name "
                + "(no '/', no leading '.', at most \(ResumeRequests.longestPlanName) bytes)"
        }
    }

    /// `<runtime_dir>/resume`.
    public let directory: String

    public init(runtimeDirectory: String) {
        directory = runtimeDirectory + "/resume"
    }

    /// The requests of the daemon whose status file is `statusPath` (they share the runtime folder).
    public init(besideStatusFile statusPath: String) {
        self.init(runtimeDirectory: URL(fileURLWithPath: statusPath).deletingLastPathComponent().path)
    }

    /// The longest name: the temp file `.NAME.PID.tmp` must still fit in 255 bytes.
    public static let longestPlanName = 200

    /// Plan names are config table keys; these rules also keep a name inside the folder and
    /// apart from the hidden temp files an atomic write leaves for a moment.
    public static func isAcceptable(planName name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.contains("/") && !name.contains("\0")
            && name.utf8.count <= longestPlanName
    }

    public func path(for plan: String) -> String {
        directory + "/" + plan
    }

    /// Leaves the request for `plan`, whole (the daemon never sees half a file). The folder is
    /// made 0755 and given the runtime folder's owner, so a daemon running as its own user can
    /// remove requests that root posted.
    public func post(plan: String) throws {
        guard Self.isAcceptable(planName: plan) else { throw InvalidPlanName(name: plan) }
        try Self.makeRequestDirectory(directory)
        let text = "\(plan)\nrequested_at=\(WallClock.text(Date()))\nrequested_by_pid=\(getpid())\n"
        try AtomicFile.replace(path(for: plan), with: Data(text.utf8), mode: 0o644, directoryMode: 0o755)
    }

    /// Whether a request for `plan` waits to be taken.
    public func isPending(plan: String) -> Bool {
        guard Self.isAcceptable(planName: plan) else { return false }
        return access(path(for: plan), F_OK) == 0
    }

    /// The plans asked for since the last call, sorted, each request removed: the daemon calls
    /// this on SIGUSR1. A name is returned only by the call whose removal succeeded, so two
    /// takers never resume a plan twice for one request; temp files and odd names are left alone.
    public func take() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter(Self.isAcceptable(planName:)).sorted().filter { name in
            var info = stat()
            guard lstat(path(for: name), &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
            return unlink(path(for: name)) == 0
        }
    }

    /// Makes a request folder 0755 whatever the umask, owned like the runtime folder above it.
    static func makeRequestDirectory(_ directory: String) throws(FileWriteError) {
        guard mkdir(directory, 0o755) == 0 else {
            guard errno == EEXIST else { throw FileWriteError(path: directory, operation: "mkdir") }
            return
        }
        // mkdir honours the umask; the folder must be 0755 whatever the caller's umask is.
        guard chmod(directory, 0o755) == 0 else { throw FileWriteError(path: directory, operation: "chmod") }
        let runtimeDirectory = URL(fileURLWithPath: directory).deletingLastPathComponent().path
        var owner = stat()
        if stat(runtimeDirectory, &owner) == 0, owner.st_uid != geteuid() || owner.st_gid != getegid() {
            guard chown(directory, owner.st_uid, owner.st_gid) == 0 else {
                throw FileWriteError(path: directory, operation: "chown")
            }
        }
    }
}

