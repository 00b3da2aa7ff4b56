import FoundationEssentials
import VigilCore

/// Proves a backup readable: every artefact's size and SHA-256 re-read from disk against the
/// manifest, the dump's table of contents read by `pg_restore --list`, each archive listed by
/// `tar -t`; the manifest itself against its own checksum, so a hand edit is caught too.
public enum BackupVerifier {
    /// Beside `manifest.json`: the SHA-256 of its bytes.
    public static let manifestChecksumFile = "manifest.json.sha256"

    /// The steps that passed; throws naming the file at the first that fails.
    static func verifyArtefacts(_ artefacts: [BackupManifest.Artefact], in folder: String, pgRestore: String,
                                deadline: ContinuousClock.Instant) throws(BackupError) -> [String] {
        for artefact in artefacts {
            let (hex, bytes) = try FileDigest.sha256(of: folder + "/" + artefact.path)
            guard bytes == artefact.bytes, hex == artefact.sha256 else {
                throw BackupError(step: "verify", "\(artefact.path) does not match the manifest: \(bytes) bytes with SHA-256 \(hex), "
                                  + "expected \(artefact.bytes) bytes with \(artefact.sha256)")
            }
        }
        var steps = ["checksums: \(artefacts.count) files match"]
        for artefact in artefacts {
            let path = folder + "/" + artefact.path
            switch artefact.kind {
            case .databaseDump:
                let listing = try BackupTool.run([pgRestore, "--list", path], step: "verify \(artefact.path)", deadline: deadline,
                                                 stdoutLimit: 16 << 20)
                let entries = listing.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix(";") && !$0.isEmpty }.count
                steps.append("pg_restore --list \(artefact.path): \(entries) entries")
            case .storageArchive:
                let listing = try BackupTool.run(["tar", "--list", "--gzip", "--file=\(path)"], step: "verify \(artefact.path)",
                                                 deadline: deadline, stdoutLimit: 64 << 20)
                steps.append("tar --list \(artefact.path): \(listing.split(whereSeparator: \.isNewline).count) entries")
            case .configFile:
                break
            }
        }
        return steps
    }

    /// Reads and checks a finished backup: the manifest against its checksum, then every artefact.
    public static func verify(folder: String, pgRestore: String, timeout: Duration = .seconds(3600),
                              at now: Date = Date()) throws(BackupError) -> (BackupManifest, BackupManifest.Verification) {
        let manifest = try readManifest(folder: folder)
        let steps = try verifyArtefacts(manifest.artefacts, in: folder, pgRestore: pgRestore, deadline: .now + timeout)
        return (manifest, BackupManifest.Verification(verified: true, steps: ["manifest: matches its checksum"] + steps, checkedAt: now))
    }

    /// The manifest, once its bytes match `manifest.json.sha256`.
    public static func readManifest(folder: String) throws(BackupError) -> BackupManifest {
        let path = folder + "/" + BackupManifest.fileName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BackupError(step: "verify", "\(path) is missing: not a complete backup")
        }
        guard let recorded = FileManager.default.contents(atPath: folder + "/" + manifestChecksumFile)
            .map({ String(decoding: $0, as: UTF8.self).prefix(64) }) else {
            throw BackupError(step: "verify", "\(folder)/\(manifestChecksumFile) is missing: not a complete backup")
        }
        let (hex, _) = try FileDigest.sha256(of: path)
        guard hex == recorded else {
            throw BackupError(step: "verify", "\(BackupManifest.fileName) does not match \(manifestChecksumFile): it was changed after the backup")
        }
        do {
            return try manifestDecoder.decode(BackupManifest.self, from: data)
        } catch {
            throw BackupError(step: "verify", "\(path) cannot be read: \(error)")
        }
    }

    static var manifestDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    static var manifestEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }
}
