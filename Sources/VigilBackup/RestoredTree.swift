import FoundationEssentials
import VigilProcess

/// Proves a restored storage path is what its archive holds: `tar --compare` reads every archived
/// member back from disk (type, size, mode, owner, modification time and contents), and the tree
/// has exactly as many entries as the archive lists, so nothing stray lies beside them.
enum RestoredTree {
    /// The number of entries that matched; throws naming the first differences.
    static func check(_ path: String, against archive: String, deadline: ContinuousClock.Instant) throws(BackupError) -> Int {
        let step = "validate"
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let argv = ["tar", "--compare", "--gzip", "--file=\(archive)", "--directory=\(parent)"]
        let result: ChildResult
        do {
            result = try ChildProcess.run(ChildCommand(argv: argv, environment: ["PATH": BackupTool.path, "LC_ALL": "C"]),
                                          deadline: deadline)
        } catch {
            throw BackupError(step: step, "cannot run tar: \(error)")
        }
        if result.timedOut { throw BackupError(step: step, "tar --compare of \(path) did not finish before the timeout") }
        guard result.termination == .exited(0) else {
            let differences = (result.stdout + result.stderr).split(whereSeparator: \.isNewline)
                .filter { !$0.hasPrefix("tar: Exiting") }.prefix(3).joined(separator: "; ")
            throw BackupError(step: step, "\(path) does not match its archive: \(differences)")
        }
        // GNU tar escapes newlines in names: one line per entry. `find -printf .`: one dot per entry.
        let listed = try BackupTool.run(["tar", "--list", "--gzip", "--file=\(archive)"], step: step, deadline: deadline,
                                        stdoutLimit: 64 << 20).split(separator: "\n").count
        let present = try BackupTool.run(["find", path, "-printf", "."], step: step, deadline: deadline, stdoutLimit: 64 << 20).count
        guard listed == present else {
            throw BackupError(step: step, "\(path) holds \(present) entries, its archive \(listed): something was added beside the restored files")
        }
        return listed
    }
}
