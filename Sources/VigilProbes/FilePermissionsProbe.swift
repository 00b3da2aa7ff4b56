import Glibc
import VigilCore

/// A `file_permissions` check: expands each path and glob, `lstat`s what matches (never following
/// a symbolic link), walks the trees under them for `no_world_writable`, and hands the facts to
/// `FileReview`. A path that matches nothing is a violation: a review that silently looks at
/// nothing proves nothing.
public struct FilePermissionsProbe: BlockingProbe {
    public let settings: FilePermissionsSettings
    /// A tree with more entries than this is cut short and said to be, rather than walked for minutes.
    static let walkLimit = 200_000

    public init(settings: FilePermissionsSettings) {
        self.settings = settings
    }

    public func observeBlocking(until deadline: ContinuousClock.Instant) throws -> Observation {
        var names = Names()
        var violations: [FileViolation] = []
        var checked = 0
        for pattern in settings.paths {
            let matches: [String]
            switch Self.expand(pattern) {
            case .matches(let found): matches = found
            case .outOfReach(let unreadable):
                violations.append(unreadable)
                continue
            }
            if matches.isEmpty {
                violations.append(FileViolation(path: pattern, found: "missing (nothing matches)", expected: "there to be reviewed"))
            }
            for path in matches {
                guard let facts = Self.facts(of: path, &names) else { continue }
                checked += 1
                violations += FileReview.violations(of: facts, settings)
                if settings.noWorldWritable {
                    let walked = try Self.walk(facts, until: deadline, &names) { entry in
                        if let violation = FileReview.worldWritable(entry) { violations.append(violation) }
                    } unreadable: { directory, reason in
                        violations.append(Self.unreadable(directory, reason))
                    }
                    checked += walked.entries
                    if walked.cutShort {
                        violations.append(FileViolation(path: path, found: "a tree of more than \(Self.walkLimit) entries",
                                                        expected: "small enough to review (name its parts in paths)"))
                    }
                }
            }
        }
        for secret in settings.secrets {
            let matches: [String]
            switch Self.expand(secret.path) {
            case .matches(let found): matches = found
            case .outOfReach(let unreadable):
                violations.append(unreadable)
                continue
            }
            if matches.isEmpty {
                violations.append(FileViolation(path: secret.path, found: "missing", expected: "a file of secrets owned by \(secret.owner)"))
            }
            for path in matches {
                guard let facts = Self.facts(of: path, &names) else { continue }
                checked += 1
                violations += FileReview.violations(ofSecret: facts, owner: secret.owner)
            }
        }
        return FileReview.observation(violations: violations, checked: checked)
    }

    /// A pattern's matches, sorted (a plain path that exists is its own match); a folder on the way
    /// that this user may not read is a violation of its own, not "nothing matches".
    static func expand(_ pattern: String) -> Expansion {
        var found = glob_t()
        defer { globfree(&found) }
        switch glob(pattern, GLOB_NOSORT | GLOB_ERR, nil, &found) {
        case 0:
            return .matches((0..<Int(found.gl_pathc)).compactMap { index in found.gl_pathv[index].map { String(cString: $0) } }.sorted())
        case GLOB_ABORTED:
            return .outOfReach(unreadable(pattern, String(cString: strerror(errno))))
        default:
            // No match: a plain path may still be there but out of reach (a folder without search permission).
            var info = stat()
            if lstat(pattern, &info) != 0, errno == EACCES { return .outOfReach(unreadable(pattern, String(cString: strerror(EACCES)))) }
            return .matches([])
        }
    }

    enum Expansion {
        case matches([String])
        /// A folder on the way this user may not read or search.
        case outOfReach(FileViolation)
    }

    static func unreadable(_ path: String, _ reason: String) -> FileViolation {
        FileViolation(path: path, found: "out of reach (\(reason))", expected: "readable by the user Vigil runs as, to be reviewed")
    }

    /// `lstat` of one path, its owner and group named; nil when it vanished meanwhile.
    static func facts(of path: String, _ names: inout Names) -> FileFacts? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        let kind: FileFacts.Kind = switch info.st_mode & S_IFMT {
        case S_IFREG: .file
        case S_IFDIR: .directory
        case S_IFLNK: .symlink
        default: .other
        }
        return FileFacts(path: path, kind: kind, mode: UInt32(info.st_mode) & 0o7777,
                         owner: names.user(info.st_uid), group: names.group(info.st_gid))
    }

    /// Every entry under a directory, depth first, not following symbolic links nor crossing into
    /// other filesystems' mounts below it (`/proc` under `/` is not configuration).
    static func walk(_ root: FileFacts, until deadline: ContinuousClock.Instant, _ names: inout Names,
                     _ visit: (FileFacts) -> Void, unreadable: (String, String) -> Void) throws -> (entries: Int, cutShort: Bool) {
        guard root.kind == .directory else {
            visit(root)
            return (0, false)
        }
        visit(root)
        var rootInfo = stat()
        guard lstat(root.path, &rootInfo) == 0 else { return (0, false) }
        var pending = [root.path]
        var entries = 0
        while let directory = pending.popLast() {
            guard ContinuousClock.now < deadline else { throw ProbeError("walking \(root.path) took longer than the timeout") }
            guard let handle = opendir(directory) else {
                unreadable(directory, String(cString: strerror(errno)))
                continue
            }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = entryName(entry)
                if name == "." || name == ".." { continue }
                let path = directory == "/" ? "/" + name : directory + "/" + name
                guard let facts = facts(of: path, &names) else { continue }
                entries += 1
                if entries > walkLimit { return (entries - 1, true) }
                visit(facts)
                var info = stat()
                if facts.kind == .directory, lstat(path, &info) == 0, info.st_dev == rootInfo.st_dev { pending.append(path) }
            }
        }
        return (entries, false)
    }

    /// User and group names by id, looked up once per run with the reentrant calls (probes run on
    /// several threads at once; `getpwuid`'s static buffer is shared).
    struct Names {
        private var users: [uid_t: String] = [:]
        private var groups: [gid_t: String] = [:]

        mutating func user(_ id: uid_t) -> String {
            if let known = users[id] { return known }
            var entry = passwd()
            var result: UnsafeMutablePointer<passwd>?
            var buffer = [CChar](repeating: 0, count: 4096)
            let name = getpwuid_r(id, &entry, &buffer, buffer.count, &result) == 0 && result != nil
                ? entry.pw_name.map { String(cString: $0) } ?? String(id) : String(id)
            users[id] = name
            return name
        }

        mutating func group(_ id: gid_t) -> String {
            if let known = groups[id] { return known }
            var entry = Glibc.group()
            var result: UnsafeMutablePointer<Glibc.group>?
            var buffer = [CChar](repeating: 0, count: 4096)
            let name = getgrgid_r(id, &entry, &buffer, buffer.count, &result) == 0 && result != nil
                ? entry.gr_name.map { String(cString: $0) } ?? String(id) : String(id)
            groups[id] = name
            return name
        }
    }
}
