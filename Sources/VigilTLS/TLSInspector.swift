import COpenSSL
import FoundationEssentials
import Glibc
import VigilCore

/// Looks at a TLS server through libssl: one handshake with the versions the library allows (what
/// clients get), then, when `min_version` is above 1.0, one capped below it, which a well-kept
/// server refuses. Everything is bounded by the deadline: sockets are non-blocking and every wait
/// is a `poll` until then. Nothing is sent after the handshake.
public enum TLSInspector {
    public static func inspect(_ settings: TLSCheckSettings, until deadline: ContinuousClock.Instant) throws(TLSError) -> TLSFacts {
        var facts: TLSFacts
        do {
            facts = try handshake(settings, versions: nil, until: deadline) { ssl throws(TLSError) in try describe(ssl) }
        } catch {
            // A server that speaks only an old protocol fails the first handshake: say why.
            if let older = olderAccepted(settings, until: deadline) {
                throw TLSError("the server speaks only \(older), older than min_version \(settings.minVersion.rawValue)")
            }
            throw error
        }
        facts.olderAccepted = olderAccepted(settings, until: deadline)
        return facts
    }

    /// The protocol a handshake capped below `min_version` got, or nil when the server refused it.
    static func olderAccepted(_ settings: TLSCheckSettings, until deadline: ContinuousClock.Instant) -> String? {
        guard let older = settings.minVersion.older else { return nil }
        return try? handshake(settings, versions: (TLS1_VERSION, protocolNumber(older)), until: deadline) {
            ssl throws(TLSError) in String(cString: SSL_get_version(ssl))
        }
    }

    /// Connects (and asks for TLS in the server's own protocol first, with `starttls`), shakes
    /// hands, and hands the session to `read`. `versions` caps the protocols offered, and lowers
    /// the security level so that an old protocol can be offered at all.
    static func handshake<T>(_ settings: TLSCheckSettings, versions: (min: Int32, max: Int32)?, until deadline: ContinuousClock.Instant,
                             _ read: (OpaquePointer) throws(TLSError) -> T) throws(TLSError) -> T {
        let socket = try TCPConnection.open(host: settings.host, port: settings.port, until: deadline)
        defer { close(socket) }
        if settings.startTLS == .postgres { try requestPostgresTLS(socket, until: deadline) }
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw TLSError(lastError("cannot make a TLS context")) }
        defer { SSL_CTX_free(context) }
        if let caFile = settings.caFile {
            guard SSL_CTX_load_verify_locations(context, caFile, nil) == 1 else { throw TLSError(lastError("cannot read ca_file \(caFile)")) }
        } else {
            SSL_CTX_set_default_verify_paths(context)
        }
        // The verdict is read after the handshake, so that a bad chain is described, not just refused.
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        if let versions {
            SSL_CTX_set_security_level(context, 0)
            _ = SSL_CTX_set_cipher_list(context, "DEFAULT:@SECLEVEL=0")
            guard vigil_ssl_ctx_set_versions(context, versions.min, versions.max) == 1 else { throw TLSError("cannot offer that protocol") }
        }
        guard let ssl = SSL_new(context) else { throw TLSError(lastError("cannot make a TLS session")) }
        defer { SSL_free(ssl) }
        SSL_set_fd(ssl, socket)
        let name = settings.serverName
        if TCPConnection.isIPAddress(name) {
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name)
        } else {
            // SNI carries names only (RFC 6066), never an address.
            _ = vigil_ssl_set_server_name(ssl, name)
            SSL_set1_host(ssl, name)
        }
        while true {
            ERR_clear_error()
            let result = SSL_connect(ssl)
            if result == 1 { break }
            switch SSL_get_error(ssl, result) {
            case SSL_ERROR_WANT_READ: try TCPConnection.wait(socket, for: Int16(POLLIN), until: deadline, doing: "the TLS handshake")
            case SSL_ERROR_WANT_WRITE: try TCPConnection.wait(socket, for: Int16(POLLOUT), until: deadline, doing: "the TLS handshake")
            default: throw TLSError(lastError("the TLS handshake failed"))
            }
        }
        return try read(ssl)
    }

    /// The negotiated protocol, the verification's verdict, and the certificate's names and end.
    static func describe(_ ssl: OpaquePointer) throws(TLSError) -> TLSFacts {
        guard let certificate = SSL_get1_peer_certificate(ssl) else { throw TLSError("the server sent no certificate") }
        defer { X509_free(certificate) }
        let verdict = SSL_get_verify_result(ssl)
        let verifyError = verdict == X509_V_OK ? nil : String(cString: X509_verify_cert_error_string(verdict))
        var days: Int32 = 0, seconds: Int32 = 0
        guard ASN1_TIME_diff(&days, &seconds, nil, X509_get0_notAfter(certificate)) == 1 else {
            throw TLSError("the certificate's end date cannot be read")
        }
        let notAfter = Date(timeIntervalSinceNow: Double(days) * 86400 + Double(seconds))
        return TLSFacts(protocolName: String(cString: SSL_get_version(ssl)), verifyError: verifyError,
                        subject: name(X509_get_subject_name(certificate)), issuer: name(X509_get_issuer_name(certificate)),
                        notAfter: notAfter)
    }

    /// `CN=api.example.com, O=Example`: RFC 2253 order reversed to read as people write it.
    static func name(_ name: OpaquePointer?) -> String {
        guard let name else { return "?" }
        var buffer = [CChar](repeating: 0, count: 512)
        guard X509_NAME_oneline(name, &buffer, Int32(buffer.count)) != nil else { return "?" }
        return text(buffer).split(separator: "/").joined(separator: ", ")
    }

    /// PostgreSQL's SSLRequest (length 8, code 80877103); the server answers `S` to go on in TLS.
    static func requestPostgresTLS(_ socket: Int32, until deadline: ContinuousClock.Instant) throws(TLSError) {
        let request: [UInt8] = [0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F]
        try TCPConnection.writeAll(socket, request, until: deadline)
        var answer: UInt8 = 0
        try TCPConnection.wait(socket, for: Int16(POLLIN), until: deadline, doing: "PostgreSQL's answer to SSLRequest")
        guard read(socket, &answer, 1) == 1 else { throw TLSError("PostgreSQL closed the connection after SSLRequest") }
        guard answer == UInt8(ascii: "S") else { throw TLSError("PostgreSQL does not offer TLS (it answered \(answer == UInt8(ascii: "N") ? "N" : "\(answer)") to SSLRequest)") }
    }

    static func protocolNumber(_ version: TLSVersion) -> Int32 {
        switch version {
        case .v1_0: TLS1_VERSION
        case .v1_1: TLS1_1_VERSION
        case .v1_2: TLS1_2_VERSION
        case .v1_3: TLS1_3_VERSION
        }
    }

    /// The library's own words for the last error, after `context`.
    static func lastError(_ context: String) -> String {
        let code = ERR_get_error()
        guard code != 0 else { return context }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        // `error:0A000086:SSL routines::certificate verify failed` → its last part.
        let words = text(buffer)
        return "\(context): " + (words.split(separator: ":").last.map(String.init) ?? words)
    }
}

/// A C string written into `buffer`, up to its terminating zero.
private func text(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

public struct TLSError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
