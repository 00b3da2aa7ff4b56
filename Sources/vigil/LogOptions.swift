import ArgumentParser
import Logging
import VigilCore
import VigilSystemd

extension LogTarget: ExpressibleByArgument {}

/// `--log-level`: the syslog names journalctl's `-p` uses.
enum LogLevel: String, ExpressibleByArgument, CaseIterable {
    case emerg, alert, crit, err, warning, notice, info, debug

    var priority: JournalPriority {
        JournalPriority.allCases.first(where: { $0.name == rawValue }) ?? .info
    }

    var loggerLevel: Logger.Level {
        switch self {
        case .emerg, .alert, .crit: .critical
        case .err: .error
        case .warning: .warning
        case .notice: .notice
        case .info: .info
        case .debug: .debug
        }
    }
}
