/// A `[notifier.NAME]` table: how one channel reaches people (a command, a webhook, an
/// Alertmanager), how long one delivery may take and how a failed one is retried.
public struct NotifierSettings: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// argv, no shell: the rendered notification on stdin, the incident in `VIGIL_*` variables,
        /// plus `environment`.
        case command(argv: [String], environment: [String: String])
        /// An HTTP POST of the incident as JSON to `url`, with `headers`, signed when a secret is set.
        case webhook(url: String, headers: [String: String], secret: SecretSource?)
        /// The Alertmanager at `url` (its base URL): Vigil posts to `/api/v2/alerts`.
        case alertmanager(url: String)
        /// The rendered notification as a journal entry of its own (catalogued, with `NOTIFICATION_ID`):
        /// for sites whose journal is already forwarded to people, and a channel that needs no set-up.
        case journal

        public static let names = ["command", "webhook", "alertmanager", "journal"]

        /// The `kind` key's value.
        public var name: String {
            switch self {
            case .command: "command"
            case .webhook: "webhook"
            case .alertmanager: "alertmanager"
            case .journal: "journal"
            }
        }
    }

    public var name: String
    public var kind: Kind
    /// How long one delivery may take; a command's process group is ended at it.
    public var timeout: Duration
    public var retry: RetryPolicy

    public static let defaultTimeout = Duration.seconds(10)

    public init(name: String, kind: Kind, timeout: Duration = NotifierSettings.defaultTimeout, retry: RetryPolicy = RetryPolicy()) {
        self.name = name
        self.kind = kind
        self.timeout = timeout
        self.retry = retry
    }
}

/// Where a webhook's HMAC secret is read from when a delivery is signed: never inline in the config.
public enum SecretSource: Equatable, Sendable {
    /// A file's contents (a trailing newline is not part of the secret).
    case file(String)
    /// A systemd credential: `$CREDENTIALS_DIRECTORY/NAME` (`LoadCredential=` in the unit).
    case credential(String)
}

/// `retry = { attempts, backoff, backoff_max }`: how often a failed delivery is tried again, and
/// how long it waits (doubling from `backoff`, never more than `backoffMax`).
public struct RetryPolicy: Equatable, Sendable {
    /// Deliveries tried in all, the first included; then the notifier gives up on this notification.
    public var attempts: Int
    public var backoff: Duration
    public var backoffMax: Duration

    public init(attempts: Int = 8, backoff: Duration = .seconds(10), backoffMax: Duration = .seconds(600)) {
        self.attempts = attempts
        self.backoff = backoff
        self.backoffMax = backoffMax
    }

    /// The wait after failed attempt `attempt` (1 for the first): backoff, 2×, 4×… up to backoffMax.
    public func delay(afterAttempt attempt: Int) -> Duration {
        var delay = backoff
        for _ in 1..<max(attempt, 1) {
            delay = delay * 2
            if delay >= backoffMax { return backoffMax }
        }
        return min(delay, backoffMax)
    }
}
