import FoundationEssentials
import Glibc
import VigilCore
import VigilFiles

/// The incident book on disk: `<state_dir>/incidents/INC-….json`, one file per incident, and
/// `issued.json` for the latest id handed out. A change rewrites only the incident it touched,
/// whole and atomically (temp file, fsync, rename, folder fsync), so a kill -9 leaves the old
/// version or the new one, never half of either.
struct IncidentFiles: Sendable {
    /// What was on disk at start, and the files that could not be read (set aside as `.bad`).
    struct Loaded: Sendable {
        var incidents: [Incident] = []
        var lastIssued: IncidentID?
        var problems: [Problem] = []
    }

    struct Problem: Sendable, Equatable {
        var path: String
        /// Where the file was moved to, `nil` when even the move failed.
        var movedTo: String?
        var reason: String
    }

    let directory: String

    init(stateDirectory: String) {
        directory = stateDirectory + "/incidents"
    }

    func path(of id: IncidentID) -> String { "\(directory)/\(id).json" }

    var issuedPath: String { directory + "/issued.json" }

    /// Every incident kept, in the order they opened (their ids sort so). A file that cannot be
    /// decoded is renamed to `<name>.bad` and reported: an incident is history, never a reason not to start.
    func load() -> Loaded {
        var loaded = Loaded()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        for name in names where name.hasPrefix("INC-") && name.hasSuffix(".json") {
            let path = directory + "/" + name
            switch read(Incident.self, at: path) {
            case .success(let incident) where "\(incident.id).json" == name:
                loaded.incidents.append(incident)
            case .success(let incident):
                loaded.problems.append(setAside(path, reason: "it holds incident \(incident.id), not the one its name says"))
            case .failure(let problem):
                loaded.problems.append(setAside(path, reason: problem.reason))
            }
        }
        loaded.incidents.sort { $0.id < $1.id }
        if access(issuedPath, F_OK) == 0 {
            switch read(Issued.self, at: issuedPath) {
            case .success(let issued): loaded.lastIssued = issued.lastIssued
            case .failure(let problem): loaded.problems.append(setAside(issuedPath, reason: problem.reason))
            }
        }
        // Never hand out an id again, even when issued.json was lost.
        if let newest = loaded.incidents.last?.id, loaded.lastIssued.map({ $0 < newest }) ?? true {
            loaded.lastIssued = newest
        }
        return loaded
    }

    func save(_ incident: Incident) throws(FileWriteError) {
        try write(incident, to: path(of: incident.id))
    }

    func saveIssued(_ id: IncidentID) throws(FileWriteError) {
        try write(Issued(lastIssued: id), to: issuedPath)
    }

    /// The book forgot the incident: its file goes, and the removal is made durable.
    func delete(_ id: IncidentID) throws(FileWriteError) {
        let path = path(of: id)
        guard unlink(path) == 0 || errno == ENOENT else { throw FileWriteError(path: path, operation: "unlink") }
        try AtomicFile.syncDirectory(directory)
    }

    // MARK: - Helpers

    private struct Issued: Codable {
        var lastIssued: IncidentID
    }

    private struct ReadProblem: Error {
        var reason: String
    }

    private func read<Document: Decodable>(_ type: Document.Type, at path: String) -> Result<Document, ReadProblem> {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            return .failure(ReadProblem(reason: "cannot be read: \(error)"))
        }
        do {
            return .success(try JSONDecoder().decode(Document.self, from: data))
        } catch {
            return .failure(ReadProblem(reason: "cannot be decoded: \(error)"))
        }
    }

    private func write<Document: Encodable>(_ document: Document, to path: String) throws(FileWriteError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(document)
        } catch {
            // Plain values always encode; were one not to, the file is left as it was.
            throw FileWriteError(path: path, operation: "encode", errorNumber: EINVAL)
        }
        try AtomicFile.replace(path, with: data + Data("\n".utf8), mode: 0o600, directoryMode: 0o700)
    }

    private func setAside(_ path: String, reason: String) -> Problem {
        let target = path + ".bad"
        return Problem(path: path, movedTo: rename(path, target) == 0 ? target : nil, reason: reason)
    }
}
