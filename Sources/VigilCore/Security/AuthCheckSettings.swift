/// An `auth` check: the seed's authentication flow tests against one endpoint. Without
/// credentials, with a wrong one and (when given) an expired one, the endpoint must refuse; with
/// the valid one it must accept. The credentials come from files, never from the configuration.
public struct AuthCheckSettings: Sendable, Equatable {
    public enum Scheme: String, Sendable, CaseIterable {
        /// `Authorization: Bearer TOKEN`; the file holds the token.
        case bearer
        /// `Authorization: Basic …`; the file holds `user:password`.
        case basic
        /// A header of its own (`header = "X-API-Key"`); the file holds its value.
        case header
    }

    /// Where a credential is read, at each run (so a rotated one is picked up).
    public enum Source: Sendable, Equatable, CustomStringConvertible {
        case file(String)
        /// A systemd credential (`LoadCredential=NAME:…`), read from `$CREDENTIALS_DIRECTORY/NAME`.
        case systemd(String)

        public var description: String {
            switch self {
            case .file(let path): path
            case .systemd(let name): "systemd credential \(name)"
            }
        }
    }

    public var url: String
    public var method: String
    public var scheme: Scheme
    /// The header a `header` scheme sends.
    public var headerName: String?
    public var credential: Source
    public var expiredCredential: Source?
    /// What counts as refused; 401 and 403 unless configured.
    public var refusedStatus: [Int]
    /// What counts as accepted for the valid credential; any 2xx unless configured.
    public var acceptedStatus: [Int]?

    public init(url: String, method: String = "GET", scheme: Scheme = .bearer, headerName: String? = nil, credential: Source,
                expiredCredential: Source? = nil, refusedStatus: [Int] = [401, 403], acceptedStatus: [Int]? = nil) {
        self.url = url
        self.method = method
        self.scheme = scheme
        self.headerName = headerName
        self.credential = credential
        self.expiredCredential = expiredCredential
        self.refusedStatus = refusedStatus
        self.acceptedStatus = acceptedStatus
    }
}
