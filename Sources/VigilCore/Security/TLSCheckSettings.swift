/// A `tls` check: one handshake with a server, judged on its chain, its name, its protocol and
/// how long its certificate has left.
public struct TLSCheckSettings: Sendable, Equatable {
    public enum StartTLS: String, Sendable, CaseIterable {
        /// PostgreSQL's SSLRequest before the handshake, for a database server's certificate.
        case postgres
    }

    public var host: String
    public var port: Int
    /// The name sent as SNI and verified against the certificate; the host when not given.
    public var serverName: String
    public var startTLS: StartTLS?
    /// A server that still accepts an older protocol than this is CRITICAL.
    public var minVersion: TLSVersion
    /// A PEM bundle of the authorities to trust instead of the system's store (a private CA).
    public var caFile: String?

    public init(host: String, port: Int, serverName: String? = nil, startTLS: StartTLS? = nil,
                minVersion: TLSVersion = .v1_2, caFile: String? = nil) {
        self.host = host
        self.port = port
        self.serverName = serverName ?? host
        self.startTLS = startTLS
        self.minVersion = minVersion
        self.caFile = caFile
    }

    /// `warning = { days_left = 30 }`, `critical = { days_left = 7 }` unless the check says otherwise.
    public static let defaultThreshold = MetricThreshold(metric: "days_left", direction: .lowerIsWorse, warning: 30, critical: 7)
}

/// The TLS protocol versions a `min_version` may name, oldest first.
public enum TLSVersion: String, Sendable, CaseIterable, Comparable {
    case v1_0 = "1.0", v1_1 = "1.1", v1_2 = "1.2", v1_3 = "1.3"

    public static func < (lhs: TLSVersion, rhs: TLSVersion) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The newest version older than this one, which a server must refuse; nil for 1.0.
    public var older: TLSVersion? {
        let index = Self.allCases.firstIndex(of: self)!
        return index == 0 ? nil : Self.allCases[index - 1]
    }
}
