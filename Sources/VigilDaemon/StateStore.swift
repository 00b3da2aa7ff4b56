import FoundationEssentials
import Glibc
import VigilCore
import VigilFiles

/// One `Codable` document kept in the state directory, written whole (see `AtomicFile`) and
/// loaded at start. A file that is damaged, truncated, of another shape or of an unknown format
/// version is never trusted and never fatal: it is set aside under a timestamped name and the
/// caller starts clean.
///
/// The file is one JSON object whose keys come in this fixed order, the state last:
/// `{"format":1,"saved_at":"2025-01-31T12:00:00Z","length":1234,"crc32":3735928559,"state":{...}}`.
/// `length` and `crc32` (zlib's CRC-32) cover the exact bytes of the `state` value, so a file that
/// still parses but lost or changed bytes (a zero-filled block after a crash, a hand edit) is
/// caught too; a truncated file is already invalid JSON, since the closing brace comes last.
/// Dates inside the state are encoded as Foundation's own seconds-since-2001 numbers, which
/// round-trip exactly (ISO 8601 text would drop the sub-second part of a backoff deadline).
public struct StateStore<Document: Codable & Sendable>: Sendable {
    /// The envelope version this build writes and reads.
    public static var formatVersion: Int { StateEnvelope.formatVersion }

    public let directory: String
    public let fileName: String
    public var path: String { directory + "/" + fileName }

    public init(directory: String, fileName: String = "state.json") {
        self.directory = directory
        self.fileName = fileName
    }

    public enum LoadOutcome {
        /// No state file: the first start, or the state directory was emptied.
        case fresh
        case loaded(Document, savedAt: Date)
        /// The file could not be trusted and was renamed to `movedTo`; start clean and report `reason`.
        case setAside(movedTo: String, reason: String)
        /// The file could not be trusted and could not be moved either (a read-only disk, say);
        /// start clean and report `reason`. The next successful save replaces it.
        case unusable(reason: String)
    }

    /// Reads the state written by the last `save`. Temp files left by a writer killed mid-save
    /// are removed first: one process writes a state directory, and at start nothing else does.
    /// `readOnly` (a reader beside the running writer) touches nothing: no temp file is removed
    /// and an untrustworthy file is `.unusable`, left where it is.
    public func load(now: Date = Date(), readOnly: Bool = false) -> LoadOutcome {
        loadIdentified(now: now, readOnly: readOnly).outcome
    }

    /// `load`, with the identity of the document loaded (nil unless `.loaded`).
    func loadIdentified(now: Date = Date(), readOnly: Bool = false) -> (outcome: LoadOutcome, identity: StateFileIdentity?) {
        if !readOnly { removeLeftoverTemporaryFiles() }
        let data: Data
        switch readFile() {
        case .missing:
            return (.fresh, nil)
        case .failed(let reason):
            return (readOnly ? .unusable(reason: reason) : setAside(reason: reason, now: now), nil)
        case .read(let bytes):
            data = bytes
        }
        switch StateEnvelope.decode(data, as: Document.self) {
        case .success(let (document, savedAt, identity)):
            return (.loaded(document, savedAt: savedAt), identity)
        case .failure(let problem):
            return (readOnly ? .unusable(reason: problem.reason) : setAside(reason: problem.reason, now: now), nil)
        }
    }

    /// Replaces the state file with `document`. On failure the previous file is left intact
    /// and the error names the path, the failing operation and the system's reason.
    @discardableResult
    public func save(_ document: Document, at now: Date = Date()) throws(StateStoreError) -> StateFileIdentity {
        let data: Data
        let identity: StateFileIdentity
        do {
            (data, identity) = try StateEnvelope.encode(document, savedAt: now)
        } catch {
            throw StateStoreError(path: path, operation: "encode", errorNumber: nil, reason: "\(error)")
        }
        do throws(FileWriteError) {
            try AtomicFile.replace(path, with: data, mode: 0o600, directoryMode: 0o700)
        } catch {
            throw StateStoreError(error)
        }
        return identity
    }

    /// The name a corrupt file is moved to: `<name>.corrupt-<UTC time>`, with `.1`, `.2`, ...
    /// appended when a file was already set aside in the same second.
    func setAsideName(at now: Date) -> String {
        let base = "\(path).corrupt-\(CompactUTC.stamp(now))"
        var candidate = base
        var suffix = 0
        while access(candidate, F_OK) == 0 {
            suffix += 1
            candidate = "\(base).\(suffix)"
        }
        return candidate
    }

    private func setAside(reason: String, now: Date) -> LoadOutcome {
        let target = setAsideName(at: now)
        guard rename(path, target) == 0 else {
            let failure = FileWriteError(path: path, operation: "rename")
            return .unusable(reason: "\(reason); cannot set it aside: \(failure)")
        }
        try? AtomicFile.syncDirectory(directory)
        return .setAside(movedTo: target, reason: reason)
    }

    private enum ReadResult {
        case missing
        case read(Data)
        case failed(String)
    }

    private func readFile() -> ReadResult {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return .missing }
            return .failed("cannot read: \(FileWriteError(path: path, operation: "open"))")
        }
        defer { close(descriptor) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                return .failed("cannot read: \(FileWriteError(path: path, operation: "read"))")
            }
            if count == 0 { return .read(data) }
            data.append(contentsOf: buffer[0..<count])
        }
    }

    /// Removes the temp files of `name` (this store's file by default, or another file written
    /// beside it, such as its log) that a writer killed mid-save left.
    func removeLeftoverTemporaryFiles(of name: String? = nil) {
        let prefix = ".\(name ?? fileName)."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            unlink(directory + "/" + name)
        }
    }
}

extension StateStore.LoadOutcome: Equatable where Document: Equatable {}
extension StateStore.LoadOutcome: Sendable {}

/// Why the state could not be saved: the path, the operation that failed (`encode`, `open`,
/// `write`, `fsync`, `rename`, ...) and the system's reason (`No space left on device`, ...).
public struct StateStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let operation: String
    /// The `errno` of the failed call; nil when the document itself could not be encoded.
    public let errorNumber: Int32?
    public let reason: String

    public init(path: String, operation: String, errorNumber: Int32?, reason: String) {
        self.path = path
        self.operation = operation
        self.errorNumber = errorNumber
        self.reason = reason
    }

    init(_ failure: FileWriteError) {
        self.init(path: failure.path, operation: failure.operation, errorNumber: failure.errorNumber, reason: failure.reason)
    }

    public var description: String { "\(operation) \(path): \(reason)" }
}
