import Testing
@testable import GongzhiCore

/// RFC 4648 section 10 test vectors.
struct Base32Tests {
    @Test(arguments: [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI")])
    func vectors(plain: String, encoded: String) {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
        #expect(Base32.decode(encoded) == Array(plain.utf8))
        #expect(Base32.decode(encoded.lowercased() + "==") == Array(plain.utf8))
    }

    @Test func otherCharactersAreRefused() { #expect(Base32.decode("MZXW1") == nil) }
}
