import VigilCore
import VigilProcess

/// A `command` check: runs a Nagios-convention plugin and reads its verdict from the exit code,
/// its message from the first output line, and its metrics from the performance data.
public struct CommandProbe: BlockingProbe {
    public let settings: CommandCheckSettings
    /// How long the plugin's process group has between SIGTERM and SIGKILL at the deadline.
    public let killGrace: Duration

    public init(settings: CommandCheckSettings, killGrace: Duration = .seconds(1)) {
        self.settings = settings
        self.killGrace = killGrace
    }

    public func observeBlocking(until deadline: ContinuousClock.Instant) throws -> Observation {
        let command = ChildCommand(argv: settings.argv, environment: settings.environment)
        let allowed = ContinuousClock.now.duration(to: deadline)
        let result: ChildResult
        do {
            result = try ChildProcess.run(command, deadline: deadline, killGrace: killGrace)
        } catch {
            throw ProbeError(error.description)
        }
        if result.timedOut {
            throw ProbeError("timed out after \(Self.roundedText(allowed)); process group killed")
        }
        return Self.observation(of: result)
    }

    /// The verdict on a finished plugin: its own status for exit codes 0–3, UNKNOWN with the
    /// reason for anything else.
    static func observation(of result: ChildResult) -> Observation {
        let output = PluginOutput.parse(result.stdout)
        var message = output.message
        if message.isEmpty { message = Self.firstLine(of: result.stderr) }
        switch result.termination {
        case .exited(let code):
            if let status = Status(pluginExitCode: code) {
                return Observation(status: status, message: message.isEmpty ? "(no output)" : message,
                                   metrics: output.metrics, units: output.units)
            }
            return Observation(status: .unknown, message: Self.joined("plugin \(result.termination)", message),
                               metrics: output.metrics, units: output.units)
        case .signaled:
            return Observation(status: .unknown, message: Self.joined("plugin \(result.termination)", message),
                               metrics: output.metrics, units: output.units)
        }
    }

    private static func firstLine(of text: String) -> String {
        let line = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).first ?? ""
        return line.trimming(\.isWhitespace)
    }

    private static func joined(_ reason: String, _ message: String) -> String {
        message.isEmpty ? reason : "\(reason): \(message)"
    }

    /// The time the plugin was given, to the nearest 10 ms ("2s", "1500ms").
    private static func roundedText(_ duration: Duration) -> String {
        let milliseconds = max(0, DurationText.milliseconds(duration + .milliseconds(5)) / 10 * 10)
        return DurationText.format(.milliseconds(milliseconds))
    }
}
