import FoundationEssentials
import Glibc
import VigilCore
import VigilFiles

/// The outbox on disk: `<state_dir>/outbox/<id>.json`, one file per pending delivery, written
/// whole and atomically (temp file, fsync, rename, folder fsync) whenever it changes and removed
/// when it was delivered or given up, so a kill -9 at any point leaves every delivery with its
/// attempts, old count or new, and never half a file. A change writes only its own entry.
struct OutboxFiles: Sendable {
    /// What was on disk at start, and the files that could not be read (set aside as `.bad`).
    struct Loaded: Sendable {
        var entries: [OutboxEntry] = []
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
        directory = stateDirectory + "/outbox"
    }

    func path(of id: String) -> String { directory + "/" + Self.fileName(of: id) }

    /// `<id>.json`, the id percent-encoded where it is not `[A-Za-z0-9_:@-]` (or a `.`
    /// that does not lead), so no id can name another folder or a hidden temp file.
    static func fileName(of id: String) -> String {
        var name = ""
        for (offset, byte) in id.utf8.enumerated() {
            let safe = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "@")
                || (byte == UInt8(ascii: ".") && offset > 0)
            if safe {
                name.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                name += "%" + Self.hex(byte)
            }
        }
        return name + ".json"
    }

    /// Every pending delivery, oldest first. A file that cannot be decoded (torn by a disk fault,
    /// edited by hand) is renamed to `<name>.bad` and reported: one bad file must not keep the
    /// others from going out, nor the daemon from starting.
    func load() -> Loaded {
        var loaded = Loaded()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        for name in names where !name.hasPrefix(".") && name.hasSuffix(".json") {
            let path = directory + "/" + name
            switch read(at: path) {
            case .success(let entry) where Self.fileName(of: entry.id) == name:
                loaded.entries.append(entry)
            case .success(let entry):
                loaded.problems.append(setAside(path, reason: "it holds notification \(entry.id), not the one its name says"))
            case .failure(let problem):
                loaded.problems.append(setAside(path, reason: problem.reason))
            }
        }
        loaded.entries.sort { ($0.delivery.createdAt, $0.id) < ($1.delivery.createdAt, $1.id) }
        return loaded
    }

    /// Writes the entry whole; the folder is made (0700: notifications name people and systems) if missing.
    func save(_ entry: OutboxEntry) throws(FileWriteError) {
        let path = path(of: entry.id)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(entry)
        } catch {
            // Plain values always encode; were one not to, the file is left as it was.
            throw FileWriteError(path: path, operation: "encode", errorNumber: EINVAL)
        }
        try AtomicFile.replace(path, with: data + Data("\n".utf8), mode: 0o600, directoryMode: 0o700)
    }

    /// The delivery is done with: its file goes, and the removal is made durable, so a restart
    /// does not send it again.
    func delete(_ id: String) throws(FileWriteError) {
        let path = path(of: id)
        guard unlink(path) == 0 || errno == ENOENT else { throw FileWriteError(path: path, operation: "unlink") }
        try AtomicFile.syncDirectory(directory)
    }

    // MARK: - Helpers

    private struct ReadProblem: Error {
        var reason: String
    }

    private func read(at path: String) -> Result<OutboxEntry, ReadProblem> {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            return .failure(ReadProblem(reason: "cannot be read: \(error)"))
        }
        do {
            return .success(try JSONDecoder().decode(OutboxEntry.self, from: data))
        } catch {
            return .failure(ReadProblem(reason: "cannot be decoded: \(error)"))
        }
    }

    private func setAside(_ path: String, reason: String) -> Problem {
        let target = path + ".bad"
        return Problem(path: path, movedTo: rename(path, target) == 0 ? target : nil, reason: reason)
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
