import FoundationEssentials
import Glibc

/// Replaces a file whole: a temp file beside it, every byte written, fsync, rename over the old
/// file, fsync of the folder. A reader (or a restart after a crash) sees the old file or the new
/// one, never a mix; the folder fsync makes the rename itself survive a power cut.
public enum AtomicFile {
    /// The temp file a process writes before renaming: `.<name>.<pid>.tmp` beside the target,
    /// hidden, and one per process so two writers never share it.
    public static func temporaryPath(for path: String, processID: pid_t = getpid()) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().path + "/.\(url.lastPathComponent).\(processID).tmp"
    }

    /// Writes `data` to `path` with `mode`, creating the folder (with `directoryMode`) if missing;
    /// with no `directoryMode` the folder must already exist (a backup destination is never made
    /// here). On any failure the temp file is removed and the old file is left as it was.
    public static func replace(_ path: String, with data: Data, mode: mode_t, directoryMode: mode_t?) throws(FileWriteError) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if let directoryMode { try ensureDirectory(directory, mode: directoryMode) }
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
    public static func syncDirectory(_ directory: String) throws(FileWriteError) {
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { throw FileWriteError(path: directory, operation: "open folder") }
        defer { close(folder) }
        guard retryingInterrupts({ fsync(folder) }) == 0 else {
            throw FileWriteError(path: directory, operation: "fsync folder")
        }
    }

    /// Makes the bytes of a file another writer already closed (a child's dump, a copy) durable;
    /// its name becomes durable with a `syncDirectory` of its folder.
    public static func syncFile(_ path: String) throws(FileWriteError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileWriteError(path: path, operation: "open") }
        defer { close(descriptor) }
        guard retryingInterrupts({ fsync(descriptor) }) == 0 else {
            throw FileWriteError(path: path, operation: "fsync")
        }
    }

    /// `write` until every byte is out: a signal may interrupt it and a full disk may take only part.
    public static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws(FileWriteError) {
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

    /// Calls `call` again while it fails with `EINTR` (a signal arrived), as `fsync` may.
    public static func retryingInterrupts(_ call: () -> Int32) -> Int32 {
        while true {
            let result = call()
            if result == 0 || errno != EINTR { return result }
        }
    }
}
