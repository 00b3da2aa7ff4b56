import Foundation
import Glibc
import VigilCore
import VigilDaemon

/// What a daemon left in its state directory, seen from a test between two starts. The file is
/// loaded from a copy, as the next start would load it, so that looking sets nothing aside and
/// removes no leftover temp file the next start should meet.
enum SavedEngineState {
    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    /// The engine state in `<directory>/state.json` and the log of changes after it, or an error
    /// saying why the next start would not trust it (missing, set aside, unusable).
    static func load(from directory: String) throws -> EngineState {
        let copy = try ScratchDirectory()
        let original = directory + "/state.json"
        guard let bytes = FileManager.default.contents(atPath: original) else {
            throw Unreadable(description: "no \(original)")
        }
        guard FileManager.default.createFile(atPath: copy.file("state.json"), contents: bytes) else {
            throw Unreadable(description: "cannot copy \(original)")
        }
        if let log = FileManager.default.contents(atPath: directory + "/state.log") {
            guard FileManager.default.createFile(atPath: copy.file("state.log"), contents: log) else {
                throw Unreadable(description: "cannot copy \(directory)/state.log")
            }
        }
        let loaded = EngineStateStore(directory: copy.path).load()
        switch loaded.outcome {
        case .loaded(let state, _) where loaded.damagedLog == nil:
            return state
        case let other:
            throw Unreadable(description: "\(original) (\(bytes.count) bytes) would not load: \(other), \(loaded.damagedLog ?? "")")
        }
    }

    /// The temp files of saves that never reached their rename: a writer was killed mid-save.
    static func temporaryFiles(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix(".state.json.") && $0.hasSuffix(".tmp") }
    }

    /// Files set aside as `state.json.corrupt-<UTC time>`.
    static func setAsideFiles(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix("state.json.corrupt-") }.sorted()
    }

    /// Polls the folder until a save is under way (its temp file exists); false at the timeout.
    /// Polled rather than watched so that the kill that follows lands as close as it can.
    static func waitForSaveInProgress(in directory: String, timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !temporaryFiles(in: directory).isEmpty { return true }
            usleep(200)
        }
        return false
    }

    /// The only plan slot of `plan` in `state`.
    static func slot(of plan: String, in state: EngineState) -> PlanSlot? {
        state.plans.values.first { $0.plan == plan }
    }
}
