import Testing
@testable import VigilConfig
import VigilCore

@Suite struct AuthConfigTests {
    static func check(_ body: String) -> String {
        "[[check]]\nname = \"api_auth\"\nkind = \"auth\"\nurl = \"https://api.example.com/api/documents\"\n" + body
    }

    @Test func readsEveryKey() throws {
        let text = Self.check("""
            method = "POST"
            scheme = "header"
            header = "X-API-Key"
            credential = "api-key"
            expired_credential_file = "/etc/vigil/credentials/expired-key"
            refused_status = [401]
            accepted_status = [200, 201]
            """)
        let check = try #require(ConfigTestHelpers.configuration(text)?.checks.first)
        #expect(check.kind == .auth(AuthCheckSettings(url: "https://api.example.com/api/documents", method: "POST", scheme: .header,
                                                      headerName: "X-API-Key", credential: .systemd("api-key"),
                                                      expiredCredential: .file("/etc/vigil/credentials/expired-key"),
                                                      refusedStatus: [401], acceptedStatus: [200, 201])))
        let plain = try #require(ConfigTestHelpers.configuration(Self.check("credential_file = \"/etc/vigil/credentials/api-token\"\n"))?.checks.first)
        #expect(plain.kind == .auth(AuthCheckSettings(url: "https://api.example.com/api/documents", credential: .file("/etc/vigil/credentials/api-token"))))
    }

    @Test func aCredentialComesFromAFileNeverFromTheConfig() {
        func errors(_ body: String) -> [String] { ConfigTestHelpers.errors(Self.check(body)).map(\.description) }
        #expect(errors("") == ["bad.toml:1:1: check \"api_auth\": credential_file: an auth check needs the valid credential: "
                               + "credential_file = \"/etc/vigil/credentials/NAME\" or credential = \"NAME\" (a systemd credential); never the secret itself"])
        #expect(errors("credential_file = \"/a\"\ncredential = \"b\"\n") == ["bad.toml:6:1: check \"api_auth\": credential: give credential_file or credential, not both"])
        #expect(errors("credential = \"../token\"\n")
            == ["bad.toml:5:1: check \"api_auth\": credential: must be the name of a systemd credential (LoadCredential=NAME:…), got \"../token\""])
        #expect(errors("credential_file = \"/a\"\nscheme = \"header\"\n")
            == ["bad.toml:6:1: check \"api_auth\": scheme: scheme = \"header\" needs header = \"NAME\", the header the credential is sent in"])
        #expect(errors("credential_file = \"/a\"\ntoken = \"s3cret\"\n").first?.hasPrefix("bad.toml:6:1: check \"api_auth\": token: unknown key") == true)
        #expect(errors("credential_file = \"/a\"\nrefused_status = [99]\n")
            == ["bad.toml:6:1: check \"api_auth\": refused_status[0]: must be an HTTP status code from 100 to 599, got 99"])
    }
}
