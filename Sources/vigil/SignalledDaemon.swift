import ArgumentParser
import Glibc
import VigilCore
import VigilDaemon

/// The running daemon an operator request (`vigil resume`, `vigil ack`) is posted to and signalled
/// with SIGUSR1: found through status.json, and only if it handles the signal, since a daemon
/// without the handler would be stopped by it. Says why on stderr and exits 3 otherwise.
enum SignalledDaemon {
    static func pid(statusPath: String, request: String) throws -> Int32 {
        switch DaemonPresence.check(statusPath: statusPath) {
        case .notRunning(let message):
            printToStandardError(message)
            throw ExitCode(Status.unknown.exitCode)
        case .unidentified:
            printToStandardError("\(statusPath) does not name the daemon that wrote it, so there is no process to ask")
            throw ExitCode(Status.unknown.exitCode)
        case .running(let pid, _):
            guard DaemonPresence.survives(signal: SIGUSR1, pid: pid) else {
                printToStandardError("vigil (pid \(pid)) does not handle SIGUSR1 (a vigil without \(request)?); "
                    + "it was not signalled, since that would stop it")
                throw ExitCode(Status.unknown.exitCode)
            }
            return pid
        }
    }
}
