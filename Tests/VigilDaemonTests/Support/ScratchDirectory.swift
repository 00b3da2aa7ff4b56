import Foundation
import Glibc

/// A temporary directory for one test: the config the daemon reads, its `runtime_dir`, and the
/// files its test checks write. Removed with everything in it when released.
final class ScratchDirectory: @unchecked Sendable {
    let path: String

    init() throws {
        var template = Array("/tmp/vigil-daemon-test.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw ScratchError("mkdtemp: \(String(cString: strerror(errno)))")
        }
        path = String(cString: made)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String { path + "/" + name }

    /// Writes `text` whole (a temp file with the final mode, renamed over the old one), so a
    /// reading daemon never sees half a file or a briefly group-writable one.
    @discardableResult
    func write(_ name: String, _ text: String, mode: mode_t = 0o644) throws -> String {
        let target = file(name)
        let temporary = file(".\(name).\(UInt32.random(in: 0...UInt32.max)).tmp")
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
            throw ScratchError("cannot write \(temporary)")
        }
        guard chmod(temporary, mode) == 0, rename(temporary, target) == 0 else {
            throw ScratchError("cannot install \(target): \(String(cString: strerror(errno)))")
        }
        return target
    }

    func read(_ name: String) -> String? {
        try? String(contentsOfFile: file(name), encoding: .utf8)
    }
}

struct ScratchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
