import FoundationEssentials

/// What one look at a TLS server found, for `TLSReview` to judge.
public struct TLSFacts: Sendable, Equatable {
    /// `TLSv1.3`, as the library names what was negotiated.
    public var protocolName: String
    /// Why the chain or the name did not verify (`self-signed certificate`, `certificate has
    /// expired`, `hostname mismatch`); nil when both did.
    public var verifyError: String?
    public var subject: String
    public var issuer: String
    public var notAfter: Date
    /// The older protocol a second handshake, capped below `min_version`, got; nil when refused.
    public var olderAccepted: String?

    public init(protocolName: String, verifyError: String?, subject: String, issuer: String, notAfter: Date, olderAccepted: String? = nil) {
        self.protocolName = protocolName
        self.verifyError = verifyError
        self.subject = subject
        self.issuer = issuer
        self.notAfter = notAfter
        self.olderAccepted = olderAccepted
    }
}

/// A TLS server's verdict: CRITICAL when its chain or its name does not verify or it accepts an
/// older protocol than asked; otherwise HEALTHY with `days_left`, which the thresholds judge.
public enum TLSReview {
    public static func observation(_ facts: TLSFacts, _ settings: TLSCheckSettings, at now: Date) -> Observation {
        let daysLeft = (facts.notAfter.timeIntervalSince(now) / 86400 * 10).rounded(.down) / 10
        let expiry = "expires \(WallClock.text(facts.notAfter)) (\(NumberText.format(daysLeft)) days)"
        let summary = "\(facts.protocolName), \(facts.subject) issued by \(facts.issuer), \(expiry)"
        var issues: [String] = []
        if let error = facts.verifyError {
            issues.append("the certificate of \(settings.serverName) does not verify: \(error)")
        }
        if let older = facts.olderAccepted {
            issues.append("accepts \(older), older than min_version \(settings.minVersion.rawValue)")
        }
        let metrics = ["days_left": daysLeft]
        guard issues.isEmpty else {
            return Observation(status: .critical, message: issues.joined(separator: "; ") + " (\(summary))", metrics: metrics, issues: issues)
        }
        return Observation(message: summary, metrics: metrics)
    }
}
