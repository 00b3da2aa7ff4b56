import FoundationEssentials
import Glibc
import VigilCore

/// The daemon's incident files as `vigil incidents` and `vigil incident ID` read them: read-only,
/// so a file that cannot be decoded is reported and left where it is (the daemon sets it aside
/// when it next starts), and a missing folder means no incident was ever opened.
public struct IncidentArchive: Sendable {
    /// A file that could not be read, and why.
    public struct Unreadable: Error, Equatable, CustomStringConvertible {
        public var path: String
        public var reason: String

        public var description: String { "\(path) \(reason)" }
    }

    /// `<state_dir>/incidents`.
    public let directory: String

    public init(stateDirectory: String) {
        directory = IncidentFiles(stateDirectory: stateDirectory).directory
    }

    /// Every incident kept, newest first (ids sort by day and counter), and the files that failed.
    public func all() -> (incidents: [Incident], unreadable: [Unreadable]) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        var incidents: [Incident] = []
        var unreadable: [Unreadable] = []
        for name in names where name.hasPrefix("INC-") && name.hasSuffix(".json") {
            switch read(directory + "/" + name) {
            case .success(let incident): incidents.append(incident)
            case .failure(let problem): unreadable.append(problem)
            }
        }
        return (incidents.sorted { $0.id > $1.id }, unreadable)
    }

    /// The incident `id`: `nil` when no file holds it.
    public func incident(_ id: IncidentID) -> Result<Incident?, Unreadable> {
        let path = "\(directory)/\(id).json"
        guard access(path, F_OK) == 0 else { return .success(nil) }
        return read(path).map { Optional($0) }
    }

    private func read(_ path: String) -> Result<Incident, Unreadable> {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            return .failure(Unreadable(path: path, reason: "cannot be read: \(error)"))
        }
        do {
            let incident = try JSONDecoder().decode(Incident.self, from: data)
            guard URL(fileURLWithPath: path).lastPathComponent == "\(incident.id).json" else {
                return .failure(Unreadable(path: path, reason: "holds incident \(incident.id), not the one its name says"))
            }
            return .success(incident)
        } catch {
            return .failure(Unreadable(path: path, reason: "cannot be decoded: \(error)"))
        }
    }
}
