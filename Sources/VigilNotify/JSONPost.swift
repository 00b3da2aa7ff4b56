import FoundationEssentials
import VigilCore
import VigilProbes

/// One JSON POST through libcurl for the HTTP notifiers: 2xx is delivered; anything else is
/// failed with the status and the start of the answer, or with curl's words for the connection.
enum JSONPost {
    /// How much of an error answer a failure quotes.
    static let quotedBody = 200

    static func send(_ body: [UInt8], to url: String, headers: [(name: String, value: String)], timeout: Duration) -> DeliveryResult {
        let response: HTTPTransfer.Response
        do throws(HTTPTransfer.Failure) {
            let transfer = try HTTPTransfer(method: "POST", url: url, timeout: timeout, collectBodyUpTo: quotedBody,
                                            headers: [("Content-Type", "application/json")] + headers, requestBody: body)
            response = try transfer.perform()
        } catch {
            switch error {
            case .timedOut: return .failed(reason: "no answer from \(url) within \(DurationText.format(timeout))")
            case .failed(let reason): return .failed(reason: "\(url): \(reason)")
            }
        }
        if (200..<300).contains(response.status) { return .delivered }
        let quoted = String(decoding: response.body ?? [], as: UTF8.self).trimming(\.isWhitespace)
        return .failed(reason: "HTTP \(response.status)" + (quoted.isEmpty ? "" : ": \(quoted)"))
    }

    /// Compact, keys sorted, dates in ISO 8601 as `vigil incidents --format json` writes them.
    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // Every value here (strings, numbers, dates) encodes; an empty object stands for the impossible.
        return Array((try? encoder.encode(value)) ?? Data("{}".utf8))
    }
}
