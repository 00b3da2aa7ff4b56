/// Why one request of a load run failed; a report counts its errors by these.
public enum LoadErrorKind: String, Sendable, CaseIterable, Codable, Comparable {
    /// No connection could be opened (refused, unreachable, no such host).
    case connect
    /// No whole answer within the request's timeout.
    case timeout
    /// The connection broke or closed before the answer was whole.
    case io
    /// The server answered 4xx.
    case status4xx = "status_4xx"
    /// The server answered 5xx.
    case status5xx = "status_5xx"

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The error a status counts as, or `nil` for a success (1xx–3xx).
    public static func of(status: Int) -> Self? {
        switch status {
        case 400..<500: .status4xx
        case 500...: .status5xx
        default: nil
        }
    }
}
