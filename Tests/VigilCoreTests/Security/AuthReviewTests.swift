import Testing
import VigilCore

/// The authentication flow's verdict on hand-made answers.
@Suite struct AuthReviewTests {
    static let settings = AuthCheckSettings(url: "https://api.example.com/api/documents", credential: .file("/etc/vigil/api-token"))

    @Test func refusedWithoutAndAcceptedWithIsHealthy() {
        let verdict = AuthReview.observation([.init(.none, 401), .init(.wrong, 403), .init(.valid, 200)], Self.settings)
        #expect(verdict.status == .healthy)
        #expect(verdict.message == "GET https://api.example.com/api/documents: refused without credentials 401, with a wrong credential 403; "
                + "accepted with the valid credential 200")
    }

    @Test func anythingAcceptedWithoutAValidCredentialIsABypass() {
        let verdict = AuthReview.observation([.init(.none, 200), .init(.wrong, 401), .init(.expired, 204), .init(.valid, 200)], Self.settings)
        #expect(verdict.status == .critical)
        #expect(verdict.issues == [
            "authentication bypass: GET https://api.example.com/api/documents answered 200 without credentials",
            "authentication bypass: GET https://api.example.com/api/documents answered 204 with the expired credential",
        ])
        #expect(verdict.message == verdict.issues.joined(separator: "; "))
    }

    @Test func otherAnswersAndARefusedValidCredentialAreNamed() {
        let verdict = AuthReview.observation([.init(.none, 500), .init(.wrong, 401), .init(.valid, 401)], Self.settings)
        #expect(verdict.issues == [
            "GET https://api.example.com/api/documents answered 500 without credentials, expected 401 or 403",
            "GET https://api.example.com/api/documents refused the valid credential: 401, expected 2xx",
        ])
    }

    @Test func theExpectationsAreConfigurable() {
        var settings = Self.settings
        settings.refusedStatus = [404]
        settings.acceptedStatus = [302]
        #expect(AuthReview.observation([.init(.none, 404), .init(.wrong, 404), .init(.valid, 302)], settings).status == .healthy)
        #expect(AuthReview.observation([.init(.none, 302), .init(.wrong, 404), .init(.valid, 302)], settings).issues
            == ["authentication bypass: GET https://api.example.com/api/documents answered 302 without credentials"])
    }
}
