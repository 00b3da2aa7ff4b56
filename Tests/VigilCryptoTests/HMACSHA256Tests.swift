import Testing
import VigilCore
import VigilCrypto

/// The test vectors of RFC 4231 (HMAC-SHA256), one with a key longer than the block, so
/// libcrypto is called the way a verifier expects.
@Suite struct HMACSHA256Tests {
    @Test func rfc4231TestCase1() {
        let code = HMACSHA256.authenticationCode(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8))
        #expect(NumberText.hex(code) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @Test func rfc4231TestCase2() {
        let code = HMACSHA256.authenticationCode(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(NumberText.hex(code) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func rfc4231TestCase6KeyLongerThanTheBlock() {
        let code = HMACSHA256.authenticationCode(
            key: [UInt8](repeating: 0xaa, count: 131),
            message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
        #expect(NumberText.hex(code) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func emptyMessage() {
        // `printf '' | openssl dgst -sha256 -hmac key`
        let code = HMACSHA256.authenticationCode(key: Array("key".utf8), message: [])
        #expect(NumberText.hex(code) == "5d5d139563c95b5967b9bd9a8c9b233a9dedb45072794cd232dc1b74832607d0")
    }
}
