import FoundationEssentials
import Glibc
import VigilCore

/// Sends one delivery through one notifier, blocking its thread for at most the notifier's
/// `timeout`: one call is one attempt (retries, persistence and scheduling belong to the outbox).
public struct NotificationSender: Sendable {
    /// Vigil's own environment: only `PATH` (for a command) and `CREDENTIALS_DIRECTORY` (for a
    /// secret) are read from it; nothing else reaches a notifier.
    public var environment: [String: String]
    /// Alertmanager's `instance` label.
    public var hostName: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, hostName: String = NotificationSender.localHostName()) {
        self.environment = environment
        self.hostName = hostName
    }

    public func send(_ delivery: NotificationDelivery, via notifier: NotifierSettings) -> DeliveryResult {
        switch notifier.kind {
        case let .command(argv, environment):
            CommandNotification(argv: argv, environment: environment, path: self.environment["PATH"])
                .send(delivery, timeout: notifier.timeout)
        case let .webhook(url, headers, secret):
            WebhookNotification(url: url, headers: headers, secret: secret, credentialsDirectory: environment["CREDENTIALS_DIRECTORY"])
                .send(delivery, timeout: notifier.timeout)
        case let .alertmanager(url):
            AlertmanagerNotification(url: url, hostName: hostName).send(delivery, timeout: notifier.timeout)
        case .journal:
            // Written by the incident desk as the notification is decided; it never reaches the outbox.
            .failed(reason: "a journal notifier is written by the daemon itself, not sent")
        }
    }

    /// gethostname(2), as the journal's `_HOSTNAME` has it.
    public static func localHostName() -> String {
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return "localhost" }
        return String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
