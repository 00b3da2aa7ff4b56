/// Where the metrics listener binds: `127.0.0.1:9464`, `[::1]:9464`, `localhost:9464`, or `:9464`
/// for every interface. Only IP literals and `localhost`: a name that resolves differently tomorrow
/// must not move a listener.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// An IPv4 or IPv6 literal (without brackets); `0.0.0.0` for `:PORT`.
    public var host: String
    /// 0 asks the kernel for a free port; `vigil status` shows the one it gave.
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`; the error says what is missing, in words an operator can act on.
    public static func parse(_ text: String) -> Result<ListenAddress, ListenAddressError> {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return .failure(.init("an IPv6 address needs its closing \"]\"")) }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return .failure(.init("needs a port after the address, as in \"[::1]:9464\"")) }
            portPart = rest.dropFirst()
            guard isIPv6(hostPart) else { return .failure(.init("\"\(hostPart)\" is not an IPv6 address")) }
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                return .failure(.init("needs a port, as in \"127.0.0.1:9464\""))
            }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            if hostPart.contains(":") { return .failure(.init("an IPv6 address goes in brackets, as in \"[::1]:9464\"")) }
            if !hostPart.isEmpty, hostPart != "localhost", !isIPv4(hostPart) {
                return .failure(.init("\"\(hostPart)\" is not an IP address (names are not resolved: use \"127.0.0.1\", \"[::1]\" or \"localhost\")"))
            }
        }
        guard !portPart.isEmpty else { return .failure(.init("needs a port after \":\", as in \"127.0.0.1:9464\"")) }
        guard portPart.allSatisfy(\.isASCII), portPart.allSatisfy(\.isNumber), let port = Int(portPart), port <= 65535 else {
            return .failure(.init("the port must be a number from 0 to 65535, got \"\(portPart)\""))
        }
        let host = hostPart.isEmpty ? "0.0.0.0" : hostPart == "localhost" ? "127.0.0.1" : String(hostPart)
        return .success(ListenAddress(host: host, port: port))
    }

    /// Only this machine can connect: 127.0.0.0/8 or ::1.
    public var isLoopback: Bool {
        host.hasPrefix("127.") || host == "::1" || host == "0:0:0:0:0:0:0:1"
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    private static func isIPv4(_ text: Substring) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy { $0.isASCII && $0.isNumber } && Int(part)! <= 255
        }
    }

    private static func isIPv6(_ text: Substring) -> Bool {
        !text.isEmpty && text.contains(":") && text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }
}

public struct ListenAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
