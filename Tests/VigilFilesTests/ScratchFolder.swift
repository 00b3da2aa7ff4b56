import Foundation
import Glibc

/// A temp folder for one test, removed with everything in it when released.
final class ScratchFolder: @unchecked Sendable {
    let path: String

    init() throws {
        var template = Array("/tmp/vigil-files-test.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw ScratchFolderError("mkdtemp: \(String(cString: strerror(errno)))") }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    /// The names in `folder` (this one by default), sorted.
    func names(in folder: String? = nil) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder ?? path).sorted()
    }

    /// The permission bits of `path`.
    static func mode(of path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o7777
    }
}

struct ScratchFolderError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
