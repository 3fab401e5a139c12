import Testing
@testable import GongzhiCore

/// GB 11643-1999: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, check character "10X98765432"[sum % 11].
struct CitizenIDTests {
    @Test(arguments: [
        ("11010519491231002X", "110105", "1949-12-31", false),   // the standard's own example
        ("410105198002290014", "410105", "1980-02-29", true),    // a leap day
        ("44052419800101003x", "440524", "1980-01-01", true),    // lower-case x is accepted
    ])
    func valid(number: String, address: String, birth: String, male: Bool) throws {
        let id = try CitizenID(number)
        #expect(id.addressCode == address)
        #expect(id.birthDate.description == birth)
        #expect(id.isMale == male)
        #expect(id.masked == String(id.value.prefix(6)) + "********" + String(id.value.suffix(4)))
    }

    @Test(arguments: [
        ("110105194912310021", CitizenIDError.wrongCheckCharacter(expected: "X")),
        ("41010519810229001X", CitizenIDError.impossibleBirthDate("19810229")),   // 1981 is not a leap year
        ("410105198013010015", CitizenIDError.impossibleBirthDate("19801301")),
        ("4101051980010100", CitizenIDError.wrongLength(16)),
        ("41010519800101001A1", CitizenIDError.wrongLength(19)),
        ("41010519800A010016", CitizenIDError.notDigits),
    ])
    func invalid(number: String, error: CitizenIDError) {
        #expect(throws: error) { try CitizenID(number) }
    }

    @Test func messagesNameTheProblem() {
        #expect(CitizenIDError.wrongCheckCharacter(expected: "X").description.contains("校验位"))
        #expect(CitizenIDError.impossibleBirthDate("19810229").description.contains("19810229"))
    }

    @Test(arguments: [("13812345678", "138****5678"), ("037165432100", "037*****2100"), ("65432100", "654*2100")])
    func phoneMasking(raw: String, masked: String) throws {
        #expect(try #require(PhoneNumber(raw)).masked == masked)
    }

    @Test(arguments: ["1381234567", "23812345678", "abc", "138123456789"])
    func invalidPhones(raw: String) { #expect(PhoneNumber(raw) == nil) }
}
