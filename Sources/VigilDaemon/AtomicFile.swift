import FoundationEssentials
import Glibc

/// Replaces a file whole: a temp file beside it, every byte written, fsync, rename over the old
/// file, fsync of the folder. A reader (or a restart after a crash) sees the old file or the new
/// one, never a mix; the folder fsync makes the rename itself survive a power cut.
enum AtomicFile {
    /// The temp file a process writes before renaming: `.<name>.<pid>.tmp` beside the target,
    /// hidden, and one per process so two writers never share it.
    static func temporaryPath(for path: String, processID: pid_t = getpid()) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().path + "/.\(url.lastPathComponent).\(processID).tmp"
    }

    /// Writes `data` to `path` with `mode`, creating the folder (with `directoryMode`) if missing.
    /// On any failure the temp file is removed and the old file is left as it was.
    static func replace(_ path: String, with data: Data, mode: mode_t, directoryMode: mode_t) throws(FileWriteError) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try ensureDirectory(directory, mode: directoryMode)
        let temporary = temporaryPath(for: path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw FileWriteError(path: temporary, operation: "open") }
        do throws(FileWriteError) {
            // A temp file left by an earlier process with this pid keeps its old mode under O_TRUNC.
            guard fchmod(descriptor, mode) == 0 else { throw FileWriteError(path: temporary, operation: "chmod") }
            try writeAll(data, to: descriptor, path: temporary)
            guard retryingInterrupts({ fsync(descriptor) }) == 0 else {
                throw FileWriteError(path: temporary, operation: "fsync")
            }
            let closed = close(descriptor)
            guard closed == 0 else { throw FileWriteError(path: temporary, operation: "close", alreadyClosed: true) }
            guard rename(temporary, path) == 0 else { throw FileWriteError(path: path, operation: "rename", alreadyClosed: true) }
        } catch {
            if !error.alreadyClosed { close(descriptor) }
            unlink(temporary)
            throw error
        }
        try syncDirectory(directory)
    }

    /// Makes a rename (or a removal) in `directory` durable.
    static func syncDirectory(_ directory: String) throws(FileWriteError) {
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { throw FileWriteError(path: directory, operation: "open folder") }
        defer { close(folder) }
        guard retryingInterrupts({ fsync(folder) }) == 0 else {
            throw FileWriteError(path: directory, operation: "fsync folder")
        }
    }

    /// `write` until every byte is out: a signal may interrupt it and a full disk may take only part.
    static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws(FileWriteError) {
        let failure: FileWriteError? = data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return FileWriteError(path: path, operation: "write")
                }
                offset += written
            }
            return nil
        }
        if let failure { throw failure }
    }

    private static func ensureDirectory(_ directory: String, mode: mode_t) throws(FileWriteError) {
        var info = stat()
        if stat(directory, &info) == 0 { return }
        guard mkdir(directory, mode) == 0 || errno == EEXIST else {
            throw FileWriteError(path: directory, operation: "mkdir")
        }
    }

    static func retryingInterrupts(_ call: () -> Int32) -> Int32 {
        while true {
            let result = call()
            if result == 0 || errno != EINTR { return result }
        }
    }
}

/// A system call that failed while writing a file: which one, on which path, and the system's
/// reason (`No space left on device`, `Read-only file system`, ...).
public struct FileWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let operation: String
    /// The `errno` the call left.
    public let errorNumber: Int32
    /// Whether the descriptor was closed before the failure (so cleanup must not close it again).
    let alreadyClosed: Bool

    /// Captures `errno` now: call it right after the failing system call, before anything else.
    init(path: String, operation: String, errorNumber: Int32 = errno, alreadyClosed: Bool = false) {
        self.path = path
        self.operation = operation
        self.errorNumber = errorNumber
        self.alreadyClosed = alreadyClosed
    }

    public var reason: String { String(cString: strerror(errorNumber)) }
    public var description: String { "\(operation) \(path): \(reason)" }
}
