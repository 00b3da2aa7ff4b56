import Glibc

/// The name `readdir` gave an entry: its fixed-size `d_name`, up to the terminating zero.
func entryName(_ entry: UnsafeMutablePointer<dirent>) -> String {
    withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
}
