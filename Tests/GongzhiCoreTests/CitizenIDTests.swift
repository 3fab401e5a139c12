import Foundation
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

    @Test(arguments: [
        ("000000198001010011", CitizenIDError.unknownRegion("000000")),
        ("193456198001010011", CitizenIDError.unknownRegion("193456")),
        ("990000198001010011", nil),                                   // a foreigner's permanent residence card: accepted if the check holds
        ("11010519000101001X", nil),
        ("110105189912310011", CitizenIDError.birthBefore1900("18991231")),
        ("110105209901010011", CitizenIDError.birthInFuture("20990101")),
    ])
    func regionsAndDates(number: String, error: CitizenIDError?) {
        // Numbers here are made valid in their check character so that only the rule under test can refuse them.
        let body = String(number.prefix(17))
        let valid = body + String(CitizenID.checkCharacter(for: body.map { Int(String($0))! }))
        if let error { #expect(throws: error) { try CitizenID(valid, today: CivilDate(year: 2026, month: 12, day: 2)!) } }
        else { #expect((try? CitizenID(valid, today: CivilDate(year: 2026, month: 12, day: 2)!)) != nil) }
    }

    @Test func fullWidthDigitsAndExcelNumbersAreUnderstood() throws {
        #expect(try CitizenID("１１０１０５１９４９１２３１００２Ｘ").value == "11010519491231002X")
        #expect(try CitizenID("　11010519491231002ｘ ").value == "11010519491231002X")
        #expect(throws: CitizenIDError.storedAsNumber) { try CitizenID("4.10105E+17") }
        #expect(CitizenIDError.storedAsNumber.description.contains("文本"))
    }

    /// Residence permits of Hong Kong, Macao and Taiwan residents (81, 82, 83) and every province are accepted.
    @Test(arguments: ["81", "82", "83", "11", "65", "71", "46"])
    func realRegions(prefix: String) throws {
        let body = prefix + "0000" + "19800101" + "001"
        let number = body + String(CitizenID.checkCharacter(for: body.map { Int(String($0))! }))
        #expect(try CitizenID(number).addressCode == prefix + "0000")
    }

    /// About 3,000 numbers, valid and broken in every way, checked row by row against an independent reading of
    /// GB 11643 written here from the standard (Foundation's calendar for dates, a table of province codes).
    @Test func agreesWithAnIndependentValidator() {
        var rng = SystemRandomNumberGenerator()
        let today = CivilDate(year: 2026, month: 12, day: 2)!
        let provinces = ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46",
                         "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83"]
        func reference(_ text: String) -> Bool {
            let chars = Array(text)
            guard chars.count == 18, chars[0..<17].allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            let prefix = String(chars[0..<2])
            guard provinces.contains(prefix) || prefix.hasPrefix("9") else { return false }
            guard let y = Int(String(chars[6..<10])), let m = Int(String(chars[10..<12])), let d = Int(String(chars[12..<14])) else { return false }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            guard y >= 1900, let date = calendar.date(from: DateComponents(year: y, month: m, day: d)),
                  calendar.dateComponents([.year, .month, .day], from: date) == DateComponents(year: y, month: m, day: d),
                  (y, m, d) <= (today.year, today.month, today.day) else { return false }
            let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
            var sum = 0
            for i in 0..<17 { sum += Int(String(chars[i]))! * weights[i] }
            return chars[17] == Array("10X98765432")[sum % 11]
        }
        var disagreements: [String] = []
        for i in 0..<3_000 {
            let prefix = i % 7 == 0 ? String(Int.random(in: 0...99, using: &rng)).leftPadded(2) : provinces.randomElement(using: &rng)!
            let year = Int.random(in: 1890...2030, using: &rng), month = Int.random(in: 0...13, using: &rng), day = Int.random(in: 0...32, using: &rng)
            var body = prefix + "0105" + String(year) + String(month).leftPadded(2) + String(day).leftPadded(2) + String(Int.random(in: 0...999, using: &rng)).leftPadded(3)
            if i % 11 == 0 { body = String(body.prefix(16)) }
            let check = i % 5 == 0 ? String("0123456789X".randomElement(using: &rng)!) : String(CitizenID.checkCharacter(for: body.prefix(17).map { Int(String($0)) ?? 0 }))
            let number = body + check
            let ours = (try? CitizenID(number, today: today)) != nil
            if ours != reference(number) { disagreements.append("\(number): ours \(ours)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
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

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: Swift.max(0, width - count)) + self }
}
