/// One step of `[rollback] steps`, as data. Besides the remediation steps (`exec`, `restart_unit`,
/// `notify`) a rollback can switch a release symlink, restore a backup of the last known good, and
/// start a oneshot unit that does what Vigil's own unprivileged unit may not.
///
/// `{version}` in a path, an argv element or a message stands for the last known good; it is
/// substituted in the string, never read by a shell (see `RollbackVersion`).
public enum RollbackStep: Sendable, Equatable, Codable {
    /// Which backup a `restore` step puts back.
    public enum BackupChoice: String, Sendable, Codable, CaseIterable {
        /// The newest verified backup whose manifest names the last known good.
        case lastOfRelease = "last-of-release"
        /// The newest verified backup taken before the bad release was first seen.
        case beforeRelease = "before-release"
    }

    /// Points `link` at `target` atomically (a new link renamed over the old one).
    case switchSymlink(link: String, target: String)
    case restore(BackupChoice)
    /// Starts `unit` (a oneshot, say) and waits for its job, up to `timeout`.
    case startUnit(unit: String, timeout: Duration)
    case remediation(RemediationStep)

    public static let defaultStartUnitTimeout: Duration = .seconds(90)
    public static let kindNames = ["switch_symlink", "restore", "start_unit"] + RemediationStep.Kind.allCases.map(\.rawValue)

    public var kindName: String {
        switch self {
        case .switchSymlink: "switch_symlink"
        case .restore: "restore"
        case .startUnit: "start_unit"
        case .remediation(let step): step.kind.rawValue
        }
    }

    /// One line for the journal's `STEP` and for a dry run.
    public var summary: String {
        switch self {
        case .switchSymlink(let link, let target): "switch_symlink \(link) -> \(target)"
        case .restore(let choice): "restore \(choice.rawValue)"
        case .startUnit(let unit, _): "start_unit \(unit)"
        case .remediation(let step): step.summary
        }
    }

    /// The step with `{version}` replaced by `version` wherever it may stand.
    public func substituting(version: String) -> RollbackStep {
        func put(_ text: String) -> String { text.replacing(RollbackVersion.placeholder, with: version) }
        switch self {
        case .switchSymlink(let link, let target): return .switchSymlink(link: put(link), target: put(target))
        case .restore, .startUnit: return self
        case .remediation(var step):
            step.argv = step.argv.map(put)
            step.message = step.message.map(put)
            return .remediation(step)
        }
    }
}

/// The rules a version obeys before it is put into a path or an argv element: it names a folder
/// of the releases folder, so no `/`, no `..`, nothing that reads as an option or a control.
public enum RollbackVersion {
    public static let placeholder = "{version}"

    /// Why `version` may not be substituted, or nil when it may.
    public static func refusal(_ version: String) -> String? {
        if version.isEmpty { return "it is empty" }
        if version.contains("/") { return "it contains \"/\"" }
        if version == "." || version.contains("..") { return "it contains \"..\"" }
        if version.hasPrefix("-") { return "it begins with \"-\" (it would read as an option)" }
        if version.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "it contains a control character" }
        return nil
    }

    /// The folder a `switch_symlink` target's versions live in: the part of the template before
    /// the component holding `{version}` (`/srv/app/releases/{version}` → `/srv/app/releases`).
    /// nil when the target names no version.
    public static func releasesFolder(ofTarget template: String) -> String? {
        guard let range = template.firstRange(of: placeholder) else { return nil }
        let before = template[..<range.lowerBound]
        guard let slash = before.lastIndex(of: "/") else { return nil }
        let folder = String(before[..<slash])
        return folder.isEmpty ? "/" : folder
    }
}
