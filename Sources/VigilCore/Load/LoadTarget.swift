/// Where an `http://` URL points: the host and port a connection goes to, and the path sent on it.
/// Taken apart here, without Foundation, because a load run opens its own connections.
public struct LoadTarget: Sendable, Equatable, Hashable {
    public var host: String
    public var port: Int
    /// The path and query, starting with `/`.
    public var path: String

    /// `host:port` as a `Host` header carries it (the port left out when it is 80).
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == 80 ? name : "\(name):\(port)"
    }

    /// `host:port`, to tell two origins apart in messages.
    public var origin: String {
        (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
    }

    public init(host: String, port: Int, path: String) {
        self.host = host
        self.port = port
        self.path = path
    }

    /// `nil` unless `url` is `http://HOST[:PORT][/PATH]` with a host and a port from 1 to 65535.
    public init?(url: String) {
        let scheme = "http://"
        guard url.lowercased().hasPrefix(scheme) else { return nil }
        let rest = url.dropFirst(scheme.count)
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var path = String(rest[authorityEnd...].prefix { $0 != "#" })
        if path.isEmpty || path.hasPrefix("?") { path = "/" + path }
        guard !authority.isEmpty, !authority.contains("@"), !path.contains(where: { $0 == " " || $0.isNewline }) else { return nil }
        var hostPart = Substring(authority)
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portPart = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty else { return nil }
        var port = 80
        if let portPart {
            guard let number = Int(portPart), (1...65535).contains(number) else { return nil }
            port = number
        }
        self.init(host: String(hostPart), port: port, path: path)
    }
}
