import Foundation
import Glibc

/// A tiny tmpfs mounted on a fresh temp folder, to make a disk that fills up or turns read-only
/// on demand. Needs root (the test command runs as root, in its own mount namespace).
/// Unmounted and removed when released.
public final class SmallTmpfs: @unchecked Sendable {
    public let path: String

    public init(sizeInKilobytes: Int) throws {
        var template = Array("/tmp/vigil-small-disk.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw SmallTmpfsError("mkdtemp: \(String(cString: strerror(errno)))")
        }
        path = String(cString: made)
        guard mount("tmpfs", path, "tmpfs", 0, "size=\(sizeInKilobytes)k,mode=0755") == 0 else {
            let reason = String(cString: strerror(errno))
            rmdir(path)
            throw SmallTmpfsError("mount tmpfs on \(path) (needs root): \(reason)")
        }
    }

    public func remountReadOnly() throws {
        guard mount("tmpfs", path, "tmpfs", UInt(MS_REMOUNT | MS_RDONLY), nil) == 0 else {
            throw SmallTmpfsError("remount \(path) read-only: \(String(cString: strerror(errno)))")
        }
    }

    /// Writes zeros into `name` until the disk refuses more; returns the bytes written.
    @discardableResult
    public func fill(_ name: String) throws -> Int {
        let descriptor = open(path + "/" + name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SmallTmpfsError("open filler: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let block = [UInt8](repeating: 0, count: 4096)
        var total = 0
        while true {
            let written = write(descriptor, block, block.count)
            if written > 0 {
                total += written
                continue
            }
            if written < 0, errno == EINTR { continue }
            guard errno == ENOSPC else { throw SmallTmpfsError("fill: \(String(cString: strerror(errno)))") }
            return total
        }
    }

    deinit {
        umount2(path, Int32(MNT_DETACH))
        rmdir(path)
    }
}

public struct SmallTmpfsError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
