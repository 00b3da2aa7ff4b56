import VigilCore
import VigilProcess

/// A `kind = "command"` notifier: argv run without a shell in its own process group, the rendered
/// notification on stdin, the incident in `VIGIL_*` variables. Exit 0 is delivered.
struct CommandNotification {
    var argv: [String]
    var environment: [String: String]
    /// Vigil's own `PATH`, which the child gets unless its notifier sets one.
    var path: String?

    /// How much of stderr a failure quotes: where a failing tool says why.
    static let stderrTail = 512

    func send(_ delivery: NotificationDelivery, timeout: Duration) -> DeliveryResult {
        let command = ChildCommand(argv: argv, environment: childEnvironment(delivery), standardInput: Array(delivery.renderedText.utf8))
        let result: ChildResult
        do {
            result = try ChildProcess.run(command, deadline: .now + timeout, stdout: .first(0), stderr: .last(Self.stderrTail))
        } catch {
            return .failed(reason: error.description)
        }
        if result.timedOut {
            return .failed(reason: "killed at its deadline (\(DurationText.format(timeout)))" + Self.quoted(result.stderr))
        }
        if result.termination == .exited(0) { return .delivered }
        return .failed(reason: result.termination.description + Self.quoted(result.stderr))
    }

    /// The notifier's own variables, then the incident's (which win), and `PATH`; nothing else.
    func childEnvironment(_ delivery: NotificationDelivery) -> [String: String] {
        var variables = environment
        if variables["PATH"] == nil { variables["PATH"] = path ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" }
        let incident = delivery.incident
        variables["VIGIL_INCIDENT_ID"] = incident.id.description
        variables["VIGIL_SEVERITY"] = incident.severity.rawValue
        variables["VIGIL_STATUS"] = incident.status.rawValue
        variables["VIGIL_EVENT"] = delivery.event.rawValue
        variables["VIGIL_ROLE"] = delivery.role ?? ""
        variables["VIGIL_CHECKS"] = incident.checkNames.joined(separator: " ")
        variables["VIGIL_NOTIFICATION_ID"] = delivery.id
        variables["VIGIL_SUBJECT"] = delivery.subject
        return variables
    }

    /// ": <the end of stderr>", trimmed, or nothing when the command said nothing.
    static func quoted(_ stderr: String) -> String {
        let text = stderr.trimming(\.isWhitespace)
        return text.isEmpty ? "" : ": \(text)"
    }
}
