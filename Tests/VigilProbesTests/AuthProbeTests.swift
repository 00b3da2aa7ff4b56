import Foundation
import Glibc
import Testing
import VigilCore
import VigilProbes
import VigilTestSupport

/// The `auth` check against a real endpoint with authentication (`Tests/Fixtures/auth_server.py`)
/// whose bypass bug the test switches on and off; bearer, basic and header schemes; a systemd
/// credential; an expired token.
@Suite(.serialized) struct AuthProbeTests {
    static let token = AuthEndpoint.token, expired = AuthEndpoint.expired

    static func observe(_ settings: AuthCheckSettings, credentialsDirectory: String? = nil) throws -> Observation {
        try AuthProbe(settings: settings, credentialsDirectory: credentialsDirectory).observeBlocking(until: .now + .seconds(10))
    }

    @Test("a bearer token: refused without and with a wrong one, accepted with it; the bypass on, CRITICAL naming each")
    func bearerAndBypass() throws {
        let endpoint = try AuthEndpoint()
        let settings = AuthCheckSettings(url: endpoint.url, credential: .file("\(endpoint.folder)/token"),
                                         expiredCredential: .file("\(endpoint.folder)/expired"))
        let good = try Self.observe(settings)
        #expect(good.status == .healthy && good.message == "GET \(endpoint.url): refused without credentials 401, with a wrong credential 401, "
                + "with the expired credential 401; accepted with the valid credential 200", "\(good.message)")
        endpoint.bypass(true)
        let bypassed = try Self.observe(settings)
        #expect(bypassed.status == .critical)
        #expect(bypassed.issues == ["without credentials", "with a wrong credential", "with the expired credential"].map {
            "authentication bypass: GET \(endpoint.url) answered 200 \($0)"
        })
        #expect(!bypassed.message.contains(Self.token) && !bypassed.message.contains(Self.expired))
        endpoint.bypass(false)
        #expect(try Self.observe(settings).status == .healthy)
    }

    @Test("basic and header schemes, and a systemd credential from $CREDENTIALS_DIRECTORY")
    func schemesAndSources() throws {
        let endpoint = try AuthEndpoint()
        #expect(try Self.observe(AuthCheckSettings(url: endpoint.url, scheme: .basic, credential: .file("\(endpoint.folder)/basic"))).status == .healthy)
        #expect(try Self.observe(AuthCheckSettings(url: endpoint.url, scheme: .header, headerName: "X-API-Key",
                                                   credential: .systemd("token")), credentialsDirectory: endpoint.folder).status == .healthy)
        let wrongFile = try Self.observe(AuthCheckSettings(url: endpoint.url, scheme: .basic, credential: .file("\(endpoint.folder)/token")))
        #expect(wrongFile.status == .critical && wrongFile.message == "GET \(endpoint.url) refused the valid credential: 401, expected 2xx")
    }

    @Test("a credential that cannot be read is an error naming its file or systemd credential, not its content")
    func unreadableCredential() throws {
        let endpoint = try AuthEndpoint()
        #expect(throws: ProbeError("cannot read the credential /nonexistent/token: No such file or directory")) {
            try Self.observe(AuthCheckSettings(url: endpoint.url, credential: .file("/nonexistent/token")))
        }
        #expect(throws: ProbeError("systemd credential api-token: $CREDENTIALS_DIRECTORY is not set (LoadCredential= in the unit gives it)")) {
            try Self.observe(AuthCheckSettings(url: endpoint.url, credential: .systemd("api-token")))
        }
    }
}
