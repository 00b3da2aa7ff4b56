import FoundationEssentials
import Glibc
import VigilCore

/// An `auth` check: the same request without credentials, with a wrong one, with the expired one
/// (when configured) and with the valid one, each through `HTTPTransfer`; `AuthReview` judges the
/// answers. The credentials are read from their files at each run and go nowhere but into the
/// request's header: no message, field or error names them.
public struct AuthProbe: BlockingProbe {
    public let settings: AuthCheckSettings
    /// `$CREDENTIALS_DIRECTORY` as the daemon was started with it, for systemd credentials.
    let credentialsDirectory: String?

    public init(settings: AuthCheckSettings, credentialsDirectory: String? = ProcessInfo.processInfo.environment["CREDENTIALS_DIRECTORY"]) {
        self.settings = settings
        self.credentialsDirectory = credentialsDirectory
    }

    public func observeBlocking(until deadline: ContinuousClock.Instant) throws -> Observation {
        let valid = try read(settings.credential)
        var plan: [(AuthReview.Attempt.Credential, String?)] = [(.none, nil), (.wrong, Self.wrong(like: valid, settings.scheme))]
        if let expired = settings.expiredCredential { plan.append((.expired, try read(expired))) }
        plan.append((.valid, valid))
        var attempts: [AuthReview.Attempt] = []
        for (index, (credential, value)) in plan.enumerated() {
            // Each request gets its share of what is left, so the last one is not starved.
            let left = deadline - ContinuousClock.now
            let share = Duration.milliseconds(max(DurationText.milliseconds(left) * 9 / 10 / Int64(plan.count - index), 1))
            attempts.append(AuthReview.Attempt(credential, try status(with: value, timeout: share, credential: credential)))
        }
        return AuthReview.observation(attempts, settings)
    }

    /// One request, its status; its failure names the request and which credential, never the credential.
    func status(with credential: String?, timeout: Duration, credential kind: AuthReview.Attempt.Credential) throws -> Int {
        let headers = credential.map { [header(for: $0)] } ?? []
        do throws(HTTPTransfer.Failure) {
            return try HTTPTransfer(method: settings.method, url: settings.url, timeout: timeout, collectBodyUpTo: nil, headers: headers)
                .perform().status
        } catch .timedOut {
            throw ProbeError("\(settings.method) \(settings.url) \(kind.rawValue): no answer within \(DurationText.format(timeout))")
        } catch .failed(let reason) {
            // A header with a line break is refused before sending; say so without quoting it.
            let why = reason.hasPrefix("header ") ? "the credential holds a line break" : reason
            throw ProbeError("\(settings.method) \(settings.url) \(kind.rawValue): \(why)")
        }
    }

    func header(for credential: String) -> (name: String, value: String) {
        switch settings.scheme {
        case .bearer: ("Authorization", "Bearer \(credential)")
        case .basic: ("Authorization", "Basic \(Data(credential.utf8).base64EncodedString())")
        case .header: (settings.headerName ?? "Authorization", credential)
        }
    }

    /// A credential of the right shape that no server issued: for basic, the same user with another password.
    static func wrong(like valid: String, _ scheme: AuthCheckSettings.Scheme) -> String {
        let invalid = "vigil-invalid-credential"
        guard scheme == .basic, let colon = valid.firstIndex(of: ":") else { return invalid }
        return String(valid[..<colon]) + ":" + invalid
    }

    /// A credential file's first line; the error names the file, not what is in it.
    func read(_ source: AuthCheckSettings.Source) throws -> String {
        let path: String
        switch source {
        case .file(let file): path = file
        case .systemd(let name):
            guard let directory = credentialsDirectory else {
                throw ProbeError("systemd credential \(name): $CREDENTIALS_DIRECTORY is not set (LoadCredential= in the unit gives it)")
            }
            path = directory + "/" + name
        }
        let text: String
        do { text = try KernelFile.read(path, limit: 64 * 1024) } catch { throw ProbeError("cannot read the credential \(source): \(Self.reason(error.description, path))") }
        let line = (text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "").trimmingWhitespace
        guard !line.isEmpty else { throw ProbeError("the credential \(source) is empty") }
        return line
    }

    /// KernelFile's error without the path it starts with.
    static func reason(_ error: String, _ path: String) -> String {
        error.hasPrefix(path + ": ") ? String(error.dropFirst(path.count + 2)) : error
    }
}
