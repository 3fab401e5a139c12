import Testing
@testable import GongzhiCore

/// 统计用区划代码: 12 digits; a subdistrict's township part is 001–099 (乡镇级代码中街道为001–099) with village part 000;
/// a residents' committee's village part is 001–199.
struct DivisionCodeTests {
    @Test(arguments: [("410105004000", DivisionCode.Level.subdistrict), ("410105004001", .community), ("410105004199", .community)])
    func valid(code: String, level: DivisionCode.Level) throws {
        #expect(try DivisionCode(code, level: level).value == code)
    }

    @Test(arguments: [
        ("41010500400", DivisionCode.Level.subdistrict, DivisionCodeError.notTwelveDigits),
        ("4101050040a0", .subdistrict, .notTwelveDigits),
        ("410105100000", .subdistrict, .townshipOutOfRange(100)),
        ("410105000000", .subdistrict, .townshipOutOfRange(0)),
        ("410105004001", .subdistrict, .subdistrictHasVillagePart),
        ("410105004200", .community, .communityOutOfRange(200)),
        ("410105004000", .community, .communityOutOfRange(0)),
        ("050105004001", .community, .unknownProvince),
    ])
    func invalid(code: String, level: DivisionCode.Level, error: DivisionCodeError) {
        #expect(throws: error) { try DivisionCode(code, level: level) }
    }

    @Test func communityInsideSubdistrict() throws {
        let subdistrict = try DivisionCode("410105004000", level: .subdistrict)
        #expect(try DivisionCode("410105004007", level: .community).isInside(subdistrict))
        #expect(!(try DivisionCode("410105005007", level: .community).isInside(subdistrict)))
    }

    @Test func householdCode() {
        #expect(HouseholdCode.validate("410105004001010001") == "410105004001010001")
        #expect(HouseholdCode.validate("41010500400101000") == nil)
    }
}
