import Glibc
import NIOCore
import NIOPosix

/// Why a connection could not be opened, in a few words (`Connection refused`, `cannot resolve
/// api.internal`), rather than the nested error NIO reports.
enum ConnectFailure {
    static func describe(_ error: any Error, host: String) -> String {
        if let failure = error as? NIOConnectionError {
            if let first = failure.connectionErrors.first { return describe(first.error, host: host) }
            return "cannot resolve \(host)"
        }
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        if let channel = error as? ChannelError, case .connectTimeout(let timeout) = channel {
            return "no connection within \(timeout.nanoseconds / 1_000_000) ms"
        }
        return "\(error)"
    }
}
