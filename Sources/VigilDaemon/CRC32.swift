import FoundationEssentials

/// CRC-32 (IEEE 802.3, the one zlib, gzip and PNG use), so a state file's checksum can be checked
/// by hand with `python3 -c 'import zlib,sys; print(zlib.crc32(sys.stdin.buffer.read()))'`.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1
        }
        return value
    }

    static func checksum(_ data: Data) -> UInt32 {
        // Data's iterator costs a call per byte: read its storage directly.
        data.withUnsafeBytes { checksum(of: $0.bindMemory(to: UInt8.self)) }
    }

    private static func checksum(of bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { table in
            for byte in bytes {
                crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
            }
        }
        return crc ^ 0xFFFF_FFFF
    }
}
