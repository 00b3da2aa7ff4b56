import Foundation
import Glibc
import Testing
import VigilCore
import VigilProbes
import VigilTestSupport

/// The `tls` check against real servers: openssl s_server with the certificates
/// `Tests/Fixtures/make-test-certificates` makes (a good one, self-signed, expired, for another
/// host, five days from its end), one that speaks only TLS 1.1, one that accepts it beside 1.3,
/// and a real PostgreSQL asked for TLS with its SSLRequest.
@Suite(.serialized) struct TLSProbeTests {
    /// The certificates, made once for the suite.
    static let certificates: String = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-tls-\(UUID().uuidString)").path
        let made = try? ExternalTool.run("/bin/bash", [RepositoryPaths.file("Tests/Fixtures/make-test-certificates").path, folder])
        precondition(made?.status == 0, "make-test-certificates failed: \(made?.standardError ?? "")")
        return folder
    }()

    /// `openssl s_server` on a free loopback port with `certificate`, stopped when released.
    final class Server {
        let port: Int
        private let process: BackgroundProcess

        init(_ certificate: String, _ extra: [String] = []) throws {
            port = try LoopbackPort.free()
            let folder = TLSProbeTests.certificates
            process = try BackgroundProcess(["/usr/bin/openssl", "s_server", "-accept", "127.0.0.1:\(port)", "-www",
                                             "-cert", "\(folder)/\(certificate).pem", "-key", "\(folder)/\(certificate).key"] + extra)
            guard LoopbackPort.waitUntilListening(port) else {
                throw TestSupportError("s_server did not start: \(process.printed)")
            }
        }

        /// SIGKILL: nothing of a throwaway server needs a clean end.
        deinit {
            process.signal(SIGKILL)
            _ = process.waitForExit(timeout: .seconds(5))
        }
    }

    static func check(_ port: Int, host: String = "127.0.0.1", serverName: String? = "localhost", trustTestCA: Bool = true,
                      startTLS: TLSCheckSettings.StartTLS? = nil) -> CheckDefinition {
        let settings = TLSCheckSettings(host: host, port: port, serverName: serverName, startTLS: startTLS,
                                        caFile: trustTestCA ? certificates + "/ca.pem" : nil)
        return CheckDefinition(name: "api_tls", kind: .tls(settings), timeout: .seconds(5), thresholds: [TLSCheckSettings.defaultThreshold])
    }

    static func run(_ check: CheckDefinition) async -> CheckResult {
        guard case .tls(let settings) = check.kind else { fatalError("not a tls check") }
        return await ProbeRunner.run(check, probe: TLSProbe(settings: settings))
    }

    @Test("a good certificate: HEALTHY with the protocol, subject, issuer and days left")
    func goodCertificate() async throws {
        let server = try Server("good")
        let result = await Self.run(Self.check(server.port))
        #expect(result.status == .healthy, "\(result.message)")
        #expect(result.message.hasPrefix("TLSv1.3, CN=localhost issued by CN=Vigil Test CA, expires "), "\(result.message)")
        let days = try #require(result.metrics["days_left"])
        #expect(days > 89 && days <= 90)
    }

    @Test("self-signed, expired, for another host, not in the system's store: CRITICAL, each with its reason")
    func badCertificates() async throws {
        let selfSigned = try Server("self"), expired = try Server("expired"), other = try Server("other"), good = try Server("good")
        let reasons = [
            (await Self.run(Self.check(selfSigned.port))).message,
            (await Self.run(Self.check(expired.port))).message,
            (await Self.run(Self.check(other.port))).message,
            (await Self.run(Self.check(good.port, trustTestCA: false))).message,
        ]
        #expect(reasons[0].hasPrefix("the certificate of localhost does not verify: self-signed certificate (TLSv1.3, CN=localhost issued by CN=localhost"), "\(reasons[0])")
        #expect(reasons[1].hasPrefix("the certificate of localhost does not verify: certificate has expired ("), "\(reasons[1])")
        #expect(reasons[1].contains("expires 2020-01-02T00:00:00Z"))
        #expect(reasons[2].hasPrefix("the certificate of localhost does not verify: hostname mismatch (TLSv1.3, CN=other.example"), "\(reasons[2])")
        #expect(reasons[3].hasPrefix("the certificate of localhost does not verify: unable to get local issuer certificate"), "\(reasons[3])")
        let statuses = [await Self.run(Self.check(selfSigned.port)), await Self.run(Self.check(expired.port))].map(\.status)
        #expect(statuses == [.critical, .critical])
    }

    @Test("five days left: CRITICAL by the default threshold (7 days), with the figure")
    func expiresSoon() async throws {
        let server = try Server("soon")
        let result = await Self.run(Self.check(server.port))
        #expect(result.status == .critical && result.message.hasPrefix("days_left 4.9 < critical 7 (TLSv1.3"), "\(result.message)")
    }

    @Test("a server that still accepts TLS 1.1 beside 1.3, and one that speaks only 1.1: CRITICAL below min_version 1.2")
    func oldProtocols() async throws {
        let both = try Server("good", ["-cipher", "DEFAULT:@SECLEVEL=0"])
        let onlyOld = try Server("good", ["-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"])
        let accepting = await Self.run(Self.check(both.port))
        #expect(accepting.status == .critical && accepting.message.hasPrefix("accepts TLSv1.1, older than min_version 1.2 (TLSv1.3"),
                "\(accepting.message)")
        let old = await Self.run(Self.check(onlyOld.port))
        #expect(old.status == .critical && old.message == "check failed: the server speaks only TLSv1.1, older than min_version 1.2", "\(old.message)")
    }

    @Test("starttls = \"postgres\": a real PostgreSQL's certificate read after its SSLRequest; a server without TLS says so")
    func postgresStartTLS() async throws {
        let cluster = try await PostgresCluster.launch()
        defer { cluster.shutdown() }
        try cluster.listen(on: ["127.0.0.1"], trusting: "127.0.0.1/32")
        let plain = await Self.run(Self.check(cluster.port, startTLS: .postgres))
        #expect(plain.status == .critical && plain.message == "check failed: PostgreSQL does not offer TLS (it answered N to SSLRequest)", "\(plain.message)")
        try cluster.serveTLS(certificate: Self.certificates + "/good.pem", key: Self.certificates + "/good.key")
        let secured = await Self.run(Self.check(cluster.port, startTLS: .postgres))
        #expect(secured.status == .healthy && secured.message.hasPrefix("TLSv1.3, CN=localhost issued by CN=Vigil Test CA"), "\(secured.message)")
    }

    @Test("nothing listening: CRITICAL with the connection's error, within the timeout")
    func refused() async throws {
        let port = try LoopbackPort.free()
        let result = await Self.run(Self.check(port))
        #expect(result.status == .critical && result.message == "check failed: cannot connect to 127.0.0.1:\(port): Connection refused")
    }
}
