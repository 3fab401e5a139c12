import Testing
@testable import GongzhiCore

/// Numbers, dates and text as people type them and as attackers send them.
struct InputRulesTests {
    @Test(arguments: ["1980-03-12", "1980-3-12", "1980/3/12", "1980.3.12", "1980年3月12日", "19800312", " 1980/03/12 ", "１９８０年３月１２日"])
    func datesAsOfficeWorkersTypeThem(text: String) {
        #expect(CivilDate(typed: text) == CivilDate(year: 1980, month: 3, day: 12))
    }

    @Test(arguments: ["1980-2-30", "12/3/1980", "1980年3月", "80.3.12", "1980--3-12", "abc", "", "1980-3-12-1"])
    func notDates(text: String) { #expect(CivilDate(typed: text) == nil) }

    @Test func joiningThePartyFallsBetweenItsFoundingAndToday() {
        let today = CivilDate(year: 2026, month: 12, day: 2)!
        #expect(CivilDate.joiningProblem("1985/7/1", today: today) == nil)
        #expect(CivilDate.joiningProblem("1921-07-01", today: today) == nil)
        #expect(CivilDate.joiningProblem("1921-06-30", today: today)?.contains("1921-07-01到今天") == true)
        #expect(CivilDate.joiningProblem("2026-12-03", today: today) != nil)
        #expect(CivilDate.joiningProblem("0582-11-27", today: today)?.contains("不是有效日期") == true)
    }

    @Test func daysSince1970() {
        #expect(CivilDate(daysSince1970: 0) == CivilDate(year: 1970, month: 1, day: 1))
        #expect(CivilDate(daysSince1970: 20_789) == CivilDate(year: 2026, month: 12, day: 2))
        #expect(CivilDate(daysSince1970: -1) == CivilDate(year: 1969, month: 12, day: 31))
    }

    @Test func boundedNumbers() throws {
        #expect(try Bounded.int(" 12 ", in: 1...100, label: "页码") == 12)
        #expect(try Bounded.int("１２", in: 1...100, label: "页码") == 12)
        #expect(throws: Bounded.Problem.self) { try Bounded.int("9223372036854775808", in: 1...100, label: "页码") }
        #expect(throws: Bounded.Problem.self) { try Bounded.int("101", in: 1...100, label: "页码") }
        #expect(throws: Bounded.Problem.self) { try Bounded.int("1e3", in: 1...10_000, label: "页码") }
        #expect(try Bounded.decimal("900.5", in: 0.01...1_000_000, label: "面积") == 900.5)
        for bad in ["inf", "nan", "1e308", "-0.001", "1.234", "0x10", "1,000", "", "9999999999999999999"] {
            #expect(throws: Bounded.Problem.self, "\(bad)") { try Bounded.decimal(bad, in: 0.01...1_000_000, label: "面积") }
        }
        do { _ = try Bounded.int("abc", in: 1...100, label: "页码"); Issue.record("accepted") } catch {
            #expect(error.description.contains("页码应为1到100之间的整数"))
        }
    }

    @Test func textRules() throws {
        #expect(try TextRule.personName().value("  张三　") == "张三")
        #expect(TextRule.personName().check("张\u{0}三").failure?.description.contains("控制字符") == true)
        #expect(TextRule.personName().check("张\n三").failure != nil)
        #expect(TextRule.note("纪要").check("第一行\n第二行").failure == nil)
        #expect(TextRule.personName().check("张\u{FFFD}三").failure?.description.contains("UTF-8") == true)
        #expect(TextRule.relation.check(String(repeating: "长", count: 11)).failure?.description == "与户主关系最多10字，现有11字")
        #expect(TextRule.personName().check(" ").failure?.description == "请填写姓名")
        #expect(TextRule.personName().check("\u{85}").failure != nil)
    }
}
