import Foundation
import Testing
import VigilCore
import VigilNotify
import VigilTestSupport

/// A webhook notifier against a real HTTP server on loopback: the JSON body, the idempotency
/// key, a signature that Python's hmac verifies, and each way a delivery fails.
@Suite struct WebhookNotificationTests {
    private func webhook(_ url: String, headers: [String: String] = [:], secret: SecretSource? = nil,
                         timeout: Duration = .seconds(30)) -> NotifierSettings {
        NotifierSettings(name: "hook", kind: .webhook(url: url, headers: headers, secret: secret), timeout: timeout)
    }

    @Test func postsTheIncidentAsJSONWithItsIdempotencyKeyAndSignature() async throws {
        let receiver = try WebhookReceiver(statuses: [200], secret: "s3cret-key")
        let scratch = try ScratchFolder()
        try "s3cret-key\n".write(toFile: scratch.file("secret"), atomically: true, encoding: .utf8)
        let delivery = NotificationSamples.delivery(.opened, role: "oncall", id: "ntf-7")
        let result = await NotificationSender(environment: [:]).sendOffThePool(
            delivery, via: webhook(receiver.url(), headers: ["Authorization": "Bearer abc", "idempotency-key": "forged"],
                                                 secret: .file(scratch.file("secret"))))
        #expect(result == .delivered)

        let requests = try receiver.requests()
        try #require(requests.count == 1)
        let request = requests[0]
        #expect(request.path == "/hook")
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["authorization"] == "Bearer abc")
        #expect(request.headers["idempotency-key"] == "ntf-7")
        #expect(request.headers["x-vigil-signature"]?.hasPrefix("sha256=") == true)
        #expect(request.signature_valid == true)

        let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
        #expect(Set(body.keys) == ["id", "severity", "status", "title", "openedAt", "acknowledgedAt", "acknowledgedBy", "resolvedAt",
                                   "checks", "escalationLevel", "timeline", "event", "role", "notificationId", "subject", "text"])
        #expect(body["id"] as? String == "INC-20270115-0001")
        #expect(body["severity"] as? String == "P1")
        #expect(body["status"] as? String == "open")
        #expect(body["openedAt"] as? String == "2027-01-15T08:00:00Z")
        #expect(body["acknowledgedBy"] is NSNull)
        #expect(body["checks"] as? [String] == ["api_http", "pg_primary"])
        #expect(body["event"] as? String == "opened")
        #expect(body["role"] as? String == "oncall")
        #expect(body["notificationId"] as? String == "ntf-7")
        #expect(body["subject"] as? String == delivery.subject)
        #expect(body["text"] as? String == delivery.body)
        #expect((body["timeline"] as? [[String: Any]])?.first?["kind"] as? String == "opened")
    }

    @Test func theSignatureIsTheOneOpensslComputes() async throws {
        let receiver = try WebhookReceiver(statuses: [204])
        let scratch = try ScratchFolder()
        try "another key".write(toFile: scratch.file("hook-secret"), atomically: true, encoding: .utf8)
        let result = await NotificationSender(environment: ["CREDENTIALS_DIRECTORY": scratch.path]).sendOffThePool(
            NotificationSamples.delivery(.acknowledged, role: nil), via: webhook(receiver.url(), secret: .credential("hook-secret")))
        #expect(result == .delivered)
        let request = try #require(try receiver.requests().first)
        try request.body.write(toFile: scratch.file("body"), atomically: true, encoding: .utf8)
        let digest = try await toolOutput("/usr/bin/openssl", ["dgst", "-sha256", "-hmac", "another key", "-r", scratch.file("body")])
        #expect(request.headers["x-vigil-signature"] == "sha256=" + digest.prefix(64))
        let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
        #expect(body["role"] is NSNull)
    }

    @Test func aServerErrorIsFailedWithItsStatusAndAnswerThenARetryIsDelivered() async throws {
        let receiver = try WebhookReceiver(statuses: [500, 503, 200])
        let sender = NotificationSender(environment: [:])
        let delivery = NotificationSamples.delivery()
        #expect(await sender.sendOffThePool(delivery, via: webhook(receiver.url())) == .failed(reason: "HTTP 500: status 500 from the receiver"))
        #expect(await sender.sendOffThePool(delivery, via: webhook(receiver.url())) == .failed(reason: "HTTP 503: status 503 from the receiver"))
        #expect(await sender.sendOffThePool(delivery, via: webhook(receiver.url())) == .delivered)
        // The same key on every attempt: the receiver can drop the duplicates.
        #expect(try receiver.requests().map { $0.headers["idempotency-key"] } == Array(repeating: delivery.id, count: 3))
    }

    @Test func aServerThatNeverAnswersIsFailedAtTheTimeout() async throws {
        let receiver = try WebhookReceiver(statuses: [200])
        let result = await NotificationSender(environment: [:]).sendOffThePool(
            NotificationSamples.delivery(), via: webhook(receiver.url("/silent"), timeout: .seconds(1)))
        #expect(result == .failed(reason: "no answer from \(receiver.url("/silent")) within 1s"))
    }

    @Test func aRefusedConnectionIsFailedInCurlsWords() async throws {
        // A port just freed by a receiver that was stopped: nothing listens there.
        let port = try WebhookReceiver(statuses: [200]).port
        let result = await NotificationSender(environment: [:]).sendOffThePool(
            NotificationSamples.delivery(), via: webhook("http://127.0.0.1:\(port)/hook", timeout: .seconds(5)))
        #expect(result == .failed(reason: "http://127.0.0.1:\(port)/hook: Connection refused"))
    }

    @Test func aMissingSecretFileIsFailedNamingItsPathAndSendsNothing() async throws {
        let receiver = try WebhookReceiver(statuses: [200])
        let result = await NotificationSender(environment: [:]).sendOffThePool(
            NotificationSamples.delivery(), via: webhook(receiver.url(), secret: .file("/nonexistent/vigil/hook.secret")))
        #expect(result == .failed(reason: "cannot read secret /nonexistent/vigil/hook.secret: No such file or directory"))
        #expect(try receiver.requests().isEmpty)
    }

    @Test func aCredentialWithoutItsDirectoryIsFailedSayingSo() async throws {
        let result = await NotificationSender(environment: [:]).sendOffThePool(
            NotificationSamples.delivery(), via: webhook("http://127.0.0.1:9/hook", secret: .credential("hook")))
        #expect(result == .failed(reason: "cannot read credential hook: CREDENTIALS_DIRECTORY is not set (LoadCredential= in the unit)"))
    }
}

/// An external tool's stdout, run on a thread of its own.
func toolOutput(_ executable: String, _ arguments: [String]) async throws -> String {
    let output = try await runOnOwnThread { try ExternalTool.run(executable, arguments) }
    guard output.status == 0 else { throw TestSupportError("\(executable) failed: \(output.standardError)") }
    return output.standardOutput
}
