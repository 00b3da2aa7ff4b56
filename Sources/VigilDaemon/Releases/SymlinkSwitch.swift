import FoundationEssentials
import Glibc

/// Points a release symlink at another release, atomically: a new link is made beside the old one
/// and renamed over it, so the link always names a whole release, never none.
enum SymlinkSwitch {
    /// Refuses a `target` that does not exist, is not a folder, or resolves outside
    /// `releasesFolder` (its template's folder; a release that is itself a link elsewhere), and a
    /// `link` that is not a symlink (a real folder is not Vigil's to replace).
    static func switchLink(_ link: String, to target: String, releasesFolder: String?) throws(RollbackStepError) -> String {
        guard let real = realPath(target) else {
            throw RollbackStepError("target \(target) does not exist: \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard stat(real, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw RollbackStepError("target \(target) is not a folder")
        }
        let folder = releasesFolder ?? URL(fileURLWithPath: target).deletingLastPathComponent().path
        if let releases = realPath(folder), !real.hasPrefix(releases == "/" ? "/" : releases + "/") {
            throw RollbackStepError("target \(target) resolves to \(real), outside the releases folder \(releases)")
        }
        var linkInfo = stat()
        if lstat(link, &linkInfo) == 0, linkInfo.st_mode & S_IFMT != S_IFLNK {
            throw RollbackStepError("\(link) is not a symlink; Vigil replaces only a link")
        }
        let previous = readLink(link)
        let temporary = URL(fileURLWithPath: link).deletingLastPathComponent().path
            + "/.\(URL(fileURLWithPath: link).lastPathComponent).vigil-\(getpid()).tmp"
        unlink(temporary)
        guard symlink(target, temporary) == 0 else {
            throw RollbackStepError("cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        guard rename(temporary, link) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw RollbackStepError("cannot rename \(temporary) over \(link): \(reason)")
        }
        return "\(link) -> \(target)" + (previous.map { " (was \($0))" } ?? "")
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, Int(PATH_MAX))
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
