import Glibc
import VigilCore
import VigilCrypto

/// SHA-256 and size of a file, read in 1 MiB pieces: a dump of any size costs one piece of memory.
enum FileDigest {
    static func sha256(of path: String) throws(BackupError) -> (hex: String, bytes: Int64) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw BackupError(step: "checksum", "cannot read \(path): \(ErrorText.text(ofErrno: errno))")
        }
        defer { close(descriptor) }
        let hasher = SHA256Digest()
        var bytes: Int64 = 0
        var piece = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = piece.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw BackupError(step: "checksum", "cannot read \(path): \(ErrorText.text(ofErrno: errno))")
            }
            piece.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            bytes += Int64(count)
        }
        return (NumberText.hex(hasher.finish()), bytes)
    }
}
