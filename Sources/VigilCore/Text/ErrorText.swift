import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Says what went wrong with a file for people (`No such file or directory`), the way `strerror`
/// does: FoundationEssentials' errors carry no localized description (that needs full Foundation).
public enum ErrorText {
    public static func describe(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError {
            if let posix = cocoa.underlying as? POSIXError { return text(ofErrno: posix.code.rawValue) }
            if let path = cocoa.filePath { return "error \(cocoa.code.rawValue) on \(path)" }
            return "error \(cocoa.code.rawValue)"
        }
        if let posix = error as? POSIXError { return text(ofErrno: posix.code.rawValue) }
        return String(describing: error)
    }

    /// libc's message for an `errno` value.
    public static func text(ofErrno number: Int32) -> String {
        String(cString: strerror(number))
    }
}
