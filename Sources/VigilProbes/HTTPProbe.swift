import VigilCore

/// An `http` check: one request with TLS verified, judged by status code and optionally the body.
public struct HTTPProbe: BlockingProbe {
    /// Bodies are read only this far when searching for `expect_body_contains`.
    static let bodyLimit = 1 << 20

    let settings: HTTPCheckSettings

    public init(settings: HTTPCheckSettings) {
        self.settings = settings
    }

    public func observeBlocking(until deadline: ContinuousClock.Instant) throws -> Observation {
        let clock = ContinuousClock()
        let start = clock.now
        // Stop a little before the runner's deadline so that the request's own error (refused,
        // TLS, DNS) is reported instead of a bare timeout.
        let remaining = Duration.milliseconds(max(DurationText.milliseconds(deadline - start) * 9 / 10, 1))
        let response: HTTPTransfer.Response
        do throws(HTTPTransfer.Failure) {
            let transfer = try HTTPTransfer(method: settings.method, url: settings.url, timeout: remaining,
                                            collectBodyUpTo: settings.expectBodyContains == nil ? nil : Self.bodyLimit)
            response = try transfer.perform()
        } catch .timedOut {
            throw ProbeError("\(settings.method) \(settings.url): no answer within \(DurationText.format(deadline - start))")
        } catch .failed(let reason) {
            throw ProbeError("\(settings.method) \(settings.url): \(reason)")
        }
        let latency = Double(DurationText.milliseconds(clock.now - start))
        let metrics = ["latency_ms": latency]
        let code = response.status
        guard settings.expectStatus.contains(code) else {
            let expected = settings.expectStatus.map(String.init).joined(separator: ", ")
            return Observation(status: .critical,
                               message: "\(settings.method) \(settings.url) answered \(code), expected \(expected)",
                               metrics: metrics)
        }
        if let needle = settings.expectBodyContains, !String(decoding: response.body ?? [], as: UTF8.self).contains(needle) {
            return Observation(status: .critical,
                               message: "\(settings.method) \(settings.url) answered \(code) without \"\(needle)\" in the body",
                               metrics: metrics)
        }
        return Observation(message: "\(settings.method) \(settings.url) answered \(code) in \(NumberText.format(latency)) ms",
                           metrics: metrics)
    }
}
