import FoundationEssentials

/// What outside thing a check touches, which decides which circuit breaker guards it and which
/// remediation budget its plan spends.
extension CheckDefinition {
    /// The target a circuit breaker guards: `database:NAME`, the HTTP origin
    /// (`http://host:port`), `unit:NAME`. Checks of local things (disk, memory) and plugins,
    /// whose target Vigil cannot see, have none; so do samples: a slow operation is no dead target.
    public var breakerTarget: String? {
        switch kind {
        case .postgres(let settings): "database:\(settings.database)"
        case .http(let settings): settings.origin
        case .systemdUnit(let unit): "unit:\(unit)"
        case .eventStore(let settings): "database:\(settings.database)"
        // A dead service is spared its load runs while the circuit is open.
        case .load(let settings): settings.scenario.requests.first.map { Self.origin(of: $0.url) }
        // A security finding is no dead target: a breaker would hide it behind "circuit open".
        case .command, .disk, .memory, .backupAge, .filePermissions, .tls, .auth, .contract, .sample: nil
        }
    }

    /// The target a remediation plan acts on: the breaker's target, else the check itself, so two
    /// checks of one database share one budget and never run their plans at once.
    public var remediationTarget: String {
        breakerTarget ?? "check:\(name)"
    }

    /// `scheme://host:port` of a URL, the port made explicit; the URL itself when it has no host.
    static func origin(of url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              let host = components.host?.lowercased(), !host.isEmpty else { return url }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        return "\(scheme)://\(host):\(port)"
    }
}
