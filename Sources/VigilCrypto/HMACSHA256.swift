import CLibCrypto

/// HMAC-SHA256 (RFC 2104) through libcrypto: what signs a webhook's body so its receiver can
/// tell it came from this Vigil, unchanged.
public enum HMACSHA256 {
    /// The 32-byte authentication code of `message` under `key`.
    public static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var code = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        key.withUnsafeBytes { key in
            message.withUnsafeBytes { message in
                _ = HMAC(EVP_sha256(), key.baseAddress, Int32(key.count),
                         message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count, &code, &length)
            }
        }
        return Array(code.prefix(Int(length)))
    }

}
