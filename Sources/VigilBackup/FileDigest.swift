import Crypto
import Foundation

/// SHA-256 and size of a file, read in 1 MiB pieces: a dump of any size costs one piece of memory.
enum FileDigest {
    static func sha256(of path: String) throws(BackupError) -> (hex: String, bytes: Int64) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw BackupError(step: "checksum", "cannot read \(path)")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var bytes: Int64 = 0
        do {
            while let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty {
                hasher.update(data: piece)
                bytes += Int64(piece.count)
            }
        } catch {
            throw BackupError(step: "checksum", "cannot read \(path): \(error.localizedDescription)")
        }
        return (hasher.finalize().map { String(format: "%02x", $0) }.joined(), bytes)
    }
}
