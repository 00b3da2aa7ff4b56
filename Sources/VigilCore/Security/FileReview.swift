/// The configuration review's rules, on facts gathered elsewhere: pure, so every rule is tested on
/// hand-made facts.
public enum FileReview {
    /// The owner, group and `max_mode` rules for one path `paths` matched. `max_mode` is for
    /// regular files: a directory needs its search bits.
    public static func violations(of facts: FileFacts, _ settings: FilePermissionsSettings) -> [FileViolation] {
        var found: [FileViolation] = []
        if let owner = settings.owner, facts.owner != owner {
            found.append(FileViolation(path: facts.path, found: "owned by \(facts.owner)", expected: "owned by \(owner)"))
        }
        if let group = settings.group, facts.group != group {
            found.append(FileViolation(path: facts.path, found: "in group \(facts.group)", expected: "in group \(group)"))
        }
        if let limit = settings.maxMode, facts.kind == .file, facts.mode & ~limit != 0 {
            found.append(FileViolation(path: facts.path, found: "mode \(FileFacts.modeText(facts.mode))",
                                       expected: "\(FileFacts.modeText(limit)) or tighter"))
        }
        return found
    }

    /// `no_world_writable`, for any entry of a tree but a symbolic link (whose own bits mean nothing).
    public static func worldWritable(_ facts: FileFacts) -> FileViolation? {
        guard facts.kind != .symlink, facts.mode & 0o002 != 0 else { return nil }
        let what = facts.kind == .directory ? "a world-writable directory" : "world-writable"
        return FileViolation(path: facts.path, found: "\(what) (mode \(FileFacts.modeText(facts.mode)))", expected: "writable by its owner and group only")
    }

    /// A secret: a regular file, 0600 or tighter, owned by its service's user.
    public static func violations(ofSecret facts: FileFacts, owner: String) -> [FileViolation] {
        guard facts.kind == .file else {
            return [FileViolation(path: facts.path, found: "a \(facts.kind.rawValue)", expected: "a regular file of secrets")]
        }
        var found: [FileViolation] = []
        if facts.mode & ~FilePermissionsSettings.secretMode != 0 {
            found.append(FileViolation(path: facts.path, found: "a secret with mode \(FileFacts.modeText(facts.mode))",
                                       expected: "\(FileFacts.modeText(FilePermissionsSettings.secretMode)) or tighter"))
        }
        if facts.owner != owner {
            found.append(FileViolation(path: facts.path, found: "a secret owned by \(facts.owner)", expected: "owned by \(owner), the user of its service"))
        }
        return found
    }

    /// The check's verdict: CRITICAL with the first violations named, or HEALTHY with what was looked at.
    public static func observation(violations: [FileViolation], checked: Int, shown: Int = 3) -> Observation {
        let metrics = ["violations": Double(violations.count), "files_checked": Double(checked)]
        guard !violations.isEmpty else {
            return Observation(message: "\(checked) path\(checked == 1 ? "" : "s") checked, no violation", metrics: metrics)
        }
        var message = violations.prefix(shown).map(\.description).joined(separator: "; ")
        if violations.count > shown { message += " (and \(violations.count - shown) more)" }
        let count = "\(violations.count) violation\(violations.count == 1 ? "" : "s")"
        return Observation(status: .critical, message: "\(count): \(message)", metrics: metrics, issues: violations.map(\.description))
    }
}
