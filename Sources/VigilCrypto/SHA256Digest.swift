import CLibCrypto

/// SHA-256 fed in pieces, through libcrypto's EVP (which libpq already loads: no second copy of
/// it in the binary). A file of any size costs one piece of memory.
public final class SHA256Digest {
    private let context: OpaquePointer?

    public init() {
        context = EVP_MD_CTX_new()
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        _ = EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
    }

    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The 32 bytes of the digest; the digest cannot be fed afterwards.
    public func finish() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return Array(digest.prefix(Int(length)))
    }

    /// The digest of `bytes` at once.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        let digest = SHA256Digest()
        digest.update(bytes)
        return digest.finish()
    }
}
