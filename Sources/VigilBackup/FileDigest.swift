import CLibCrypto
import Glibc
import VigilCore

/// SHA-256 and size of a file, read in 1 MiB pieces: a dump of any size costs one piece of memory.
/// The digest is libcrypto's (EVP), which libpq already loads: no second copy of it in the binary.
enum FileDigest {
    static func sha256(of path: String) throws(BackupError) -> (hex: String, bytes: Int64) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw BackupError(step: "checksum", "cannot read \(path): \(ErrorText.text(ofErrno: errno))")
        }
        defer { close(descriptor) }
        let hasher = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(hasher) }
        EVP_DigestInit_ex(hasher, EVP_sha256(), nil)
        var bytes: Int64 = 0
        var piece = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = piece.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw BackupError(step: "checksum", "cannot read \(path): \(ErrorText.text(ofErrno: errno))")
            }
            piece.withUnsafeBytes { _ = EVP_DigestUpdate(hasher, $0.baseAddress, count) }
            bytes += Int64(count)
        }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(hasher, &digest, &length)
        return (NumberText.hex(digest.prefix(Int(length))), bytes)
    }
}
