import AsyncHTTPClient
import Glibc
import NIOCore
import NIOHTTP1
import VigilCore

/// An `http` check: one request with TLS verified, judged by status code and optionally the body.
public struct HTTPProbe: Probe {
    /// One client for the process: connection pools are per client, and a health check should
    /// see redirects rather than follow them.
    static let client = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: HTTPClient.Configuration(redirectConfiguration: .disallow, decompression: .disabled))

    /// Bodies are read only this far when searching for `expect_body_contains`.
    static let bodyLimit = 1 << 20

    let settings: HTTPCheckSettings

    public init(settings: HTTPCheckSettings) {
        self.settings = settings
    }

    public func observe(until deadline: ContinuousClock.Instant) async throws -> Observation {
        let clock = ContinuousClock()
        let start = clock.now
        var request = HTTPClientRequest(url: settings.url)
        request.method = HTTPMethod(rawValue: settings.method)
        // Stop a little before the runner's deadline so that the client's own error (refused,
        // TLS, DNS: it retries connecting until then) is reported instead of a bare timeout.
        let remaining = max(DurationText.milliseconds(deadline - start) * 9 / 10, 1)
        let response: HTTPClientResponse
        let body: String?
        do {
            response = try await Self.client.execute(request, timeout: .milliseconds(remaining))
            if settings.expectBodyContains != nil {
                var buffer = try await response.body.collect(upTo: Self.bodyLimit)
                body = buffer.readString(length: buffer.readableBytes)
            } else {
                for try await _ in response.body {}
                body = nil
            }
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .connectTimeout {
            throw ProbeError("\(settings.method) \(settings.url): no answer within \(DurationText.format(deadline - start))")
        } catch let error as IOError {
            // NIO wraps the socket's errno in its own wording; the errno's own text reads better.
            throw ProbeError("\(settings.method) \(settings.url): \(String(cString: strerror(error.errnoCode)))")
        } catch {
            throw ProbeError("\(settings.method) \(settings.url): \(error)")
        }
        let latency = Double(DurationText.milliseconds(clock.now - start))
        let metrics = ["latency_ms": latency]
        let code = Int(response.status.code)
        guard settings.expectStatus.contains(code) else {
            let expected = settings.expectStatus.map(String.init).joined(separator: ", ")
            return Observation(status: .critical,
                               message: "\(settings.method) \(settings.url) answered \(code), expected \(expected)",
                               metrics: metrics)
        }
        if let needle = settings.expectBodyContains, !(body ?? "").contains(needle) {
            return Observation(status: .critical,
                               message: "\(settings.method) \(settings.url) answered \(code) without \"\(needle)\" in the body",
                               metrics: metrics)
        }
        return Observation(message: "\(settings.method) \(settings.url) answered \(code) in \(NumberText.format(latency)) ms",
                           metrics: metrics)
    }
}
