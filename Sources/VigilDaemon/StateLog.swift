import FoundationEssentials
import Glibc
import VigilFiles

/// The changes saved since a snapshot, one record appended per save, so that a save writes what
/// changed and not the whole state.
///
/// The file is a header line naming the snapshot it follows (`StateFileIdentity`), then one line
/// per record, each framed like the snapshot itself (`StateEnvelope`: length and CRC-32 of its
/// bytes). A reader replays records in order and stops at the first that does not check out:
/// only the tail after the last fsync can be torn, and a failed append is cut off again at once,
/// so a damaged record never stands before a good one. A log whose header names another snapshot
/// is stale (a crash between writing a snapshot and starting its log) and is ignored: the
/// snapshot already holds everything it recorded.
final class StateLog<Record: Codable> {
    let path: String
    /// The snapshot the open log follows; nil while no log is open.
    private(set) var follows: StateFileIdentity?
    /// Bytes in the file, header included.
    private(set) var size = 0
    private var descriptor: Int32 = -1

    init(path: String) {
        self.path = path
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
    }

    /// Replaces the log with an empty one after `snapshot`: header written to a temp file, synced,
    /// renamed over the old log, folder synced.
    func start(after snapshot: StateFileIdentity, at now: Date) throws(StateStoreError) {
        close()
        let header: Data
        do {
            header = try StateEnvelope.encode(StateLogHeader(follows: snapshot), savedAt: now).0
        } catch {
            throw StateStoreError(path: path, operation: "encode", errorNumber: nil, reason: "\(error)")
        }
        do throws(FileWriteError) {
            try AtomicFile.replace(path, with: header, mode: 0o600, directoryMode: 0o700)
        } catch {
            throw StateStoreError(error)
        }
        let opened = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard opened >= 0 else { throw StateStoreError(FileWriteError(path: path, operation: "open")) }
        descriptor = opened
        size = header.count
        follows = snapshot
    }

    /// Appends one record; with `sync`, it and every record before it are on disk when this returns.
    /// On failure the file is cut back to its previous length, so the next append starts clean.
    func append(_ record: Record, at now: Date, sync: Bool) throws(StateStoreError) {
        guard descriptor >= 0 else {
            throw StateStoreError(path: path, operation: "append", errorNumber: nil, reason: "no log is open")
        }
        let line: Data
        do {
            line = try StateEnvelope.encode(record, savedAt: now).0
        } catch {
            throw StateStoreError(path: path, operation: "encode", errorNumber: nil, reason: "\(error)")
        }
        do throws(FileWriteError) {
            try AtomicFile.writeAll(line, to: descriptor, path: path)
            if sync, AtomicFile.retryingInterrupts({ fdatasync(descriptor) }) != 0 {
                throw FileWriteError(path: path, operation: "fdatasync")
            }
            size += line.count
        } catch {
            // Nothing of a failed record may stay: a later good one would stand behind it.
            if ftruncate(descriptor, off_t(size)) != 0 { close() }
            throw StateStoreError(error)
        }
    }

    func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
        follows = nil
    }

    /// What a log holds for the snapshot `snapshot`.
    enum Contents {
        /// No log, or one that follows another snapshot: nothing to replay.
        case none
        /// The records in order; `damaged` says what was left out after the last good one.
        case records([Record], damaged: String?)
    }

    static func read(_ path: String, following snapshot: StateFileIdentity) -> Contents {
        guard let data = FileManager.default.contents(atPath: path) else { return .none }
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)[...]
        guard let first = lines.popFirst(),
              case .success(let (header, _, _)) = StateEnvelope.decode(Data(first), as: StateLogHeader.self),
              header.follows == snapshot else { return .none }
        var records: [Record] = []
        for (index, line) in lines.enumerated() where !line.isEmpty {
            switch StateEnvelope.decode(Data(line), as: Record.self) {
            case .success(let (record, _, _)):
                records.append(record)
            case .failure(let problem):
                let left = lines.dropFirst(index).reduce(0) { $0 + $1.count + 1 }
                return .records(records, damaged: "record \(index + 1) of \(path) is damaged (\(problem.reason)); "
                    + "the \(left) bytes from there on were left out")
            }
        }
        return .records(records, damaged: nil)
    }
}

/// The first line of a state log: the snapshot its records follow.
struct StateLogHeader: Codable, Equatable {
    var follows: StateFileIdentity
}
