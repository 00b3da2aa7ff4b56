import Testing
import VigilCore
import VigilCrypto

/// FIPS 180-2's examples: fed at once and in pieces, the digest is the same.
@Suite struct SHA256DigestTests {
    @Test func emptyInput() {
        #expect(NumberText.hex(SHA256Digest.hash([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func abcAtOnceAndInPieces() {
        let expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        #expect(NumberText.hex(SHA256Digest.hash(Array("abc".utf8))) == expected)
        let digest = SHA256Digest()
        digest.update(Array("a".utf8))
        digest.update(Array("bc".utf8))
        #expect(NumberText.hex(digest.finish()) == expected)
    }
}
