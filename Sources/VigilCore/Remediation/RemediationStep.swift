/// One step of a remediation plan, as data: its kind and the settings that kind reads.
///
/// It mirrors the config's inline table (`{ kind = "exec", argv = [...], timeout = "30s", env = {...} }`)
/// so plans can be shown and persisted as written; config validation rejects the combinations
/// a kind cannot use (an `exec` without argv, a `restart_unit` without unit).
public struct RemediationStep: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Run `argv` in its own process group with a cleared environment plus `env`; TERM then
        /// KILL at `timeout`; fails on a non-zero exit.
        case exec
        /// Restart `unit` through systemd (RestartUnit) and wait for its job, up to `timeout`.
        case restartUnit = "restart_unit"
        /// Write `message` to the journal only.
        case notify
    }

    public var kind: Kind
    public var argv: [String]
    public var timeout: Duration
    public var env: [String: String]
    public var unit: String?
    public var message: String?

    public init(kind: Kind, argv: [String] = [], timeout: Duration? = nil, env: [String: String] = [:],
                unit: String? = nil, message: String? = nil) {
        self.kind = kind
        self.argv = argv
        self.timeout = timeout ?? Self.defaultTimeout(for: kind)
        self.env = env
        self.unit = unit
        self.message = message
    }

    public static func exec(_ argv: [String], timeout: Duration? = nil, env: [String: String] = [:]) -> RemediationStep {
        RemediationStep(kind: .exec, argv: argv, timeout: timeout, env: env)
    }

    public static func restartUnit(_ unit: String, timeout: Duration? = nil) -> RemediationStep {
        RemediationStep(kind: .restartUnit, timeout: timeout, unit: unit)
    }

    public static func notify(_ message: String) -> RemediationStep {
        RemediationStep(kind: .notify, message: message)
    }

    /// 30 s for `exec` (the issue's example); 90 s for `restart_unit`, systemd's own default
    /// start timeout; `notify` does nothing that can hang.
    public static func defaultTimeout(for kind: Kind) -> Duration {
        switch kind {
        case .exec: .seconds(30)
        case .restartUnit: .seconds(90)
        case .notify: .zero
        }
    }

    /// One line for the journal's `STEP_SUMMARY`: the kind and what it acts on.
    public var summary: String {
        switch kind {
        case .exec: "exec " + argv.joined(separator: " ")
        case .restartUnit: "restart_unit \(unit ?? "")"
        case .notify: "notify \(message ?? "")"
        }
    }
}
