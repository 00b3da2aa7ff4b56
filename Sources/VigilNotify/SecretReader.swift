import Glibc
import VigilCore

/// Reads a webhook's HMAC secret at send time, so a rotated file or credential counts at once. A
/// failure names the path, never anything read from it.
enum SecretReader {
    /// The secret's bytes without a trailing newline, or why it cannot be read.
    static func read(_ source: SecretSource, credentialsDirectory: String?) -> Result<[UInt8], SecretError> {
        let path: String
        switch source {
        case let .file(file):
            path = file
        case let .credential(name):
            guard let credentialsDirectory, !credentialsDirectory.isEmpty else {
                return .failure(SecretError(description: "cannot read credential \(name): CREDENTIALS_DIRECTORY is not set (LoadCredential= in the unit)"))
            }
            path = credentialsDirectory + "/" + name
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(SecretError(path: path, errno: errno)) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var piece = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = piece.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(SecretError(path: path, errno: errno))
            }
            bytes += piece[0..<count]
        }
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        guard !bytes.isEmpty else { return .failure(SecretError(description: "secret \(path) is empty")) }
        return .success(bytes)
    }
}

struct SecretError: Error, CustomStringConvertible {
    var description: String

    init(description: String) { self.description = description }

    init(path: String, errno code: Int32) {
        description = "cannot read secret \(path): \(ErrorText.text(ofErrno: code))"
    }
}
