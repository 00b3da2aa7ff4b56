import CCurl
import Glibc
import VigilCore

/// One HTTP request through libcurl over the system's OpenSSL, blocking its thread until the
/// answer or the time limit: a health check needs one request, not an event loop.
///
/// Only http and https are spoken, redirects are seen and not followed, bodies are not
/// decompressed, the environment's proxy variables are ignored, and certificates are verified
/// against the system's trust store. A request may carry headers and a body (a notification's
/// POST); `package` so the notifiers send through the same adapter.
package final class HTTPTransfer {
    package struct Response {
        package var status: Int
        /// The body's first `bodyLimit` bytes, when they were asked for.
        package var body: [UInt8]?
        /// The Content-Type header as sent, when there was one.
        package var contentType: String?
    }

    package enum Failure: Error {
        case timedOut
        /// What went wrong, in the system's words where it has some (`Connection refused`).
        case failed(String)
    }

    private static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    private let handle: UnsafeMutableRawPointer
    private let errorText = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
    private let body: BodySink
    private var headerList: UnsafeMutablePointer<curl_slist>?

    /// `headers` are sent as given, in order ("Name: value"; a line without a CR or LF); a
    /// `requestBody` is sent as is (libcurl copies it), with its length.
    package init(method: String, url: String, timeout: Duration, collectBodyUpTo limit: Int?,
                 headers: [(name: String, value: String)] = [], requestBody: [UInt8]? = nil) throws(Failure) {
        guard Self.initialised, let handle = curl_easy_init() else { throw .failed("libcurl could not be initialised") }
        self.handle = handle
        errorText.initialize(to: 0)
        body = BodySink(limit: limit)
        for (name, value) in headers {
            // By bytes: "\r\n" is one Character, equal to neither "\r" nor "\n".
            guard !(name + value).utf8.contains(where: { $0 == 0x0d || $0 == 0x0a }) else { throw .failed("header \(name) contains a line break") }
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        // No `Expect: 100-continue` pause before a larger body: the receiver answers the whole request.
        if requestBody != nil { headerList = curl_slist_append(headerList, "Expect:") }
        let milliseconds = max(Int(DurationText.milliseconds(timeout)), 1)
        var status = vigil_curl_set_string(handle, CURLOPT_URL, url)
        for (option, value) in [(CURLOPT_NOSIGNAL, 1), (CURLOPT_TIMEOUT_MS, milliseconds), (CURLOPT_CONNECTTIMEOUT_MS, milliseconds),
                                (CURLOPT_FOLLOWLOCATION, 0), (CURLOPT_SSL_VERIFYPEER, 1), (CURLOPT_SSL_VERIFYHOST, 2)] where status == CURLE_OK {
            status = vigil_curl_set_long(handle, option, value)
        }
        for (option, value) in [(CURLOPT_PROTOCOLS_STR, "http,https"), (CURLOPT_PROXY, ""), (CURLOPT_USERAGENT, "vigil")] where status == CURLE_OK {
            status = vigil_curl_set_string(handle, option, value)
        }
        if status == CURLE_OK, let requestBody {
            // The size first, so a body with NUL bytes is not cut at the first.
            status = vigil_curl_set_long(handle, CURLOPT_POSTFIELDSIZE, requestBody.count)
            if status == CURLE_OK {
                status = requestBody.withUnsafeBytes { bytes in
                    guard let start = bytes.baseAddress else { return vigil_curl_set_string(handle, CURLOPT_COPYPOSTFIELDS, "") }
                    return vigil_curl_set_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: start))
                }
            }
        }
        if status == CURLE_OK {
            switch method {
            case "GET" where requestBody == nil: break
            case "HEAD": status = vigil_curl_set_long(handle, CURLOPT_NOBODY, 1)
            case "POST" where requestBody != nil: break
            default: status = vigil_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, method)
            }
        }
        if status == CURLE_OK, let headerList { status = vigil_curl_set_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headerList)) }
        if status == CURLE_OK { status = vigil_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, errorText) }
        if status == CURLE_OK { status = vigil_curl_set_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(body).toOpaque()) }
        if status == CURLE_OK {
            status = vigil_curl_set_write_function(handle) { data, size, count, context in
                guard let context else { return 0 }
                return Unmanaged<BodySink>.fromOpaque(context).takeUnretainedValue().take(data, size * count)
            }
        }
        guard status == CURLE_OK else { throw .failed("libcurl refused an option: \(String(cString: curl_easy_strerror(status)))") }
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        errorText.deallocate()
    }

    /// Sends the request and waits for the whole answer (or the body's first `limit` bytes).
    package func perform() throws(Failure) -> Response {
        let code = curl_easy_perform(handle)
        // Enough of the body was read: the transfer was stopped on purpose.
        guard code == CURLE_OK || (code == CURLE_WRITE_ERROR && body.isFull) else { throw failure(code) }
        var status = 0
        _ = vigil_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var contentType: UnsafePointer<CChar>?
        _ = vigil_curl_get_string(handle, CURLINFO_CONTENT_TYPE, &contentType)
        return Response(status: status, body: body.bytes, contentType: contentType.map { String(cString: $0) })
    }

    private func failure(_ code: CURLcode) -> Failure {
        if code == CURLE_OPERATION_TIMEDOUT { return .timedOut }
        var systemError = 0
        if code == CURLE_COULDNT_CONNECT, vigil_curl_get_long(handle, CURLINFO_OS_ERRNO, &systemError) == CURLE_OK, systemError != 0 {
            return .failed(String(cString: strerror(Int32(systemError))))
        }
        let detail = String(cString: errorText)
        return .failed(detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail)
    }
}

/// Where libcurl's write callback puts the body: kept up to a limit when asked for, dropped otherwise.
private final class BodySink {
    private let limit: Int?
    private(set) var bytes: [UInt8]?

    init(limit: Int?) {
        self.limit = limit
        bytes = limit == nil ? nil : []
    }

    var isFull: Bool { limit.map { (bytes?.count ?? 0) >= $0 } ?? false }

    /// Returns what was taken; less than `count` tells libcurl to stop, once the limit is reached.
    func take(_ data: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
        guard let limit, let data else { return count }
        let wanted = min(count, limit - (bytes?.count ?? 0))
        data.withMemoryRebound(to: UInt8.self, capacity: count) { bytes?.append(contentsOf: UnsafeBufferPointer(start: $0, count: wanted)) }
        return wanted == count ? count : 0
    }
}
