import NIOCore
import NIOHTTP1
import VigilCore

/// A scenario's request turned into what goes on the wire once, before the run, so sending it
/// costs a copy of a head and a buffer.
struct PreparedRequest: Sendable {
    var head: HTTPRequestHead
    var body: ByteBuffer?

    init(_ request: LoadRequest, target: LoadTarget) {
        var headers = HTTPHeaders()
        if !request.headers.contains(where: { $0.name.lowercased() == "host" }) {
            headers.add(name: "Host", value: target.hostHeader)
        }
        for header in request.headers { headers.add(name: header.name, value: header.value) }
        if let body = request.body {
            if !headers.contains(name: "Content-Length") { headers.add(name: "Content-Length", value: String(body.utf8.count)) }
            self.body = ByteBuffer(string: body)
        } else {
            self.body = nil
            if ["POST", "PUT", "PATCH"].contains(request.method) { headers.add(name: "Content-Length", value: "0") }
        }
        head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: target.path, headers: headers)
    }
}
