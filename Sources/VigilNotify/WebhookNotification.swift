import VigilCore
import VigilCrypto

/// A `kind = "webhook"` notifier: the incident as JSON, POSTed with an `Idempotency-Key` (the
/// delivery id, the same on every retry) and, when a secret is set, `X-Vigil-Signature:
/// sha256=<hex HMAC-SHA256 of the exact body>`.
struct WebhookNotification {
    var url: String
    var headers: [String: String]
    var secret: SecretSource?
    var credentialsDirectory: String?

    static let ownHeaders: Set = ["content-type", "idempotency-key", "x-vigil-signature"]

    func send(_ delivery: NotificationDelivery, timeout: Duration) -> DeliveryResult {
        let body = JSONPost.encode(WebhookPayload(delivery))
        // Vigil's own headers win: a configured one of the same name would be sent twice.
        var sent = headers.filter { !Self.ownHeaders.contains($0.key.lowercased()) }
            .sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        sent.append(("Idempotency-Key", delivery.id))
        if let secret {
            switch SecretReader.read(secret, credentialsDirectory: credentialsDirectory) {
            case let .success(key):
                sent.append(("X-Vigil-Signature", "sha256=" + NumberText.hex(HMACSHA256.authenticationCode(key: key, message: body))))
            case let .failure(error):
                return .failed(reason: error.description)
            }
        }
        return JSONPost.send(body, to: url, headers: sent, timeout: timeout)
    }
}
