import CSpawn

/// How a child ended: its own exit, or a signal (ours at the deadline, or anyone's).
public enum ChildTermination: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    /// "exited with code 7", "killed by signal 9 (SIGKILL)": fit for a check's message.
    public var description: String {
        switch self {
        case .exited(let code):
            return "exited with code \(code)"
        case .signaled(let number):
            guard let abbreviation = vigil_signal_abbreviation(number) else { return "killed by signal \(number)" }
            return "killed by signal \(number) (SIG\(String(cString: abbreviation)))"
        }
    }
}
