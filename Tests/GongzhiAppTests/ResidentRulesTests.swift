import Foundation
import GongzhiKit
import SQLKit
import Testing
import Vapor
import VaporTesting

/// One definition of a valid resident: every rule is listed once and broken in each way a resident is typed — the
/// resident form, the API and a one-row ledger — and each answers with the same message and stores nothing.
struct ResidentRulesTests {
    /// A rule, the value that breaks it in each medium (nil: the medium has no such field — the form and the API take gender and
    /// birth date from the number, and the form shows them only for a resident without one), and its message.
    struct Rule {
        let name: String
        let field: String, column: String
        let form: String?, ledger: String?, api: String?
        let message: String
    }

    static let rules: [Rule] = [
        Rule(name: "name required", field: "name", column: "姓名", form: "", ledger: "", api: #""""#, message: "请填写姓名"),
        Rule(name: "name length", field: "name", column: "姓名", form: String(repeating: "张", count: 41), ledger: String(repeating: "张", count: 41),
             api: "\"\(String(repeating: "张", count: 41))\"", message: "姓名最多40字，现有41字"),
        Rule(name: "relation length", field: "relation", column: "与户主关系", form: "一二三四五六七八九十一", ledger: "一二三四五六七八九十一",
             api: #""一二三四五六七八九十一""#, message: "与户主关系最多10字，现有11字"),
        Rule(name: "check digit", field: "idNumber", column: "公民身份号码", form: "410105198002290015", ledger: "410105198002290015",
             api: #""410105198002290015""#, message: "公民身份号码校验位错误（按GB 11643应为4）"),
        Rule(name: "masked number", field: "idNumber", column: "公民身份号码", form: "410105********9999", ledger: "410105********9999",
             api: #""410105********9999""#, message: "遮蔽的号码只能用于原样导回已有居民；新增或更改请填写完整号码"),
        Rule(name: "number of another", field: "idNumber", column: "公民身份号码", form: "440524198001010013", ledger: "440524198001010013",
             api: #""440524198001010013""#, message: "该公民身份号码已登记在另一位居民名下"),
        Rule(name: "phone", field: "phone", column: "联系电话", form: "12345", ledger: "12345", api: #""12345""#,
             message: "联系电话“12345”不是有效的手机或固定电话号码"),
        Rule(name: "masked phone", field: "phone", column: "联系电话", form: "139****0000", ledger: "139****0000", api: #""139****0000""#,
             message: "遮蔽的电话只能用于原样导回已有居民"),
        Rule(name: "residency", field: "residency", column: "居住类型", form: "abroad", ledger: "海外", api: #""abroad""#, message: "居住类型应为："),
        Rule(name: "tag", field: "tags", column: "标签", form: "贵宾", ledger: "贵宾", api: #"["贵宾"]"#, message: "未知标签“贵宾”"),
        Rule(name: "gender against the number", field: "gender", column: "性别", form: nil, ledger: "女", api: nil,
             message: "性别与公民身份号码不符（号码显示为男）"),
        Rule(name: "birth date", field: "birthDate", column: "出生日期", form: nil, ledger: "1980-02-30", api: nil,
             message: "出生日期“1980-02-30”不是有效日期（格式YYYY-MM-DD）"),
    ]

    @Test(arguments: TestDatabase.available) func everyRuleSaysTheSameInFormAPIAndLedger(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let worker = try await t.signIn("tongxin")
            // Two residents of 通信花园社区 with known numbers: a man (the one changed) and the holder of the number offered twice.
            let ids = try await t.app.db.sql.raw(SQLQueryString(RegistryEditTests.first("residents", in: "通信花园社区").replacingOccurrences(of: "LIMIT 1", with: "LIMIT 2")))
                .all().map { try $0.decode(column: "n", as: Int.self) }
            let (resident, holder) = (ids[0], ids[1])
            for (id, number) in [(resident, "410105198002290014"), (holder, "440524198001010013")] {
                try await t.app.testing().test(.PATCH, "/api/v1/residents/\(id)", headers: worker, beforeRequest: { req in
                    req.headers.contentType = .json
                    req.body = ByteBuffer(string: #"{"idNumber": "\#(number)", "phone": "13900001111", "version": \#(try await t.version(of: "/residents/\(id)") ?? 1)}"#)
                }) { res in #expect(res.status == .ok, "\(res.body.string)") }
            }
            let exported = try await Self.export(t, as: worker)
            let header = exported[0]
            let row = try #require(exported.first { $0.first == String(resident) })
            let before = try await Self.snapshot(t, resident)

            for rule in Self.rules {
                if let value = rule.form {
                    var form = ["name": row[header.firstIndex(of: "姓名")!], "idNumber": "", "phone": "", "gender": "", "birthDate": "",
                                "residency": "registered", "relation": row[header.firstIndex(of: "与户主关系")!]]
                    form[rule.field] = value
                    let answer = try await t.post("/residents/\(resident)", form, as: worker)
                    #expect(answer.status.code >= 400 && answer.body.contains(rule.message), "form, \(rule.name): \(answer.status) \(answer.body.components(separatedBy: "field-error").dropFirst().map { $0.prefix(80) })")
                }
                if let value = rule.api {
                    var answer = (HTTPStatus.internalServerError, "")
                    let version = try await t.version(of: "/residents/\(resident)") ?? 1
                    try await t.app.testing().test(.PATCH, "/api/v1/residents/\(resident)", headers: worker, beforeRequest: { req in
                        req.headers.contentType = .json
                        req.body = ByteBuffer(string: #"{"\#(rule.field)": \#(value), "version": \#(version)}"#)
                    }) { res in answer = (res.status, res.body.string) }
                    #expect(answer.0.code >= 400 && answer.1.contains(rule.message), "API, \(rule.name): \(answer.0) \(answer.1.prefix(200))")
                }
                if let value = rule.ledger {
                    var cells = row
                    cells[header.firstIndex(of: rule.column)!] = value
                    let file = try XLSXWriter.workbook(sheetName: "居民", header: header, rows: [cells])
                    let (status, body) = try await t.upload("residents", file, as: worker)
                    #expect(status == .unprocessableEntity && body.contains(rule.message), "ledger, \(rule.name): \(status) \(body.prefix(200))")
                }
            }
            #expect(try await Self.snapshot(t, resident) == before, "nothing of the resident changed")

            // One cause, one problem: a new resident whose number has a wrong check digit is not also asked for a gender
            // and a birth date (which the number would have given).
            let household = try await t.id("SELECT household_id AS n FROM residents WHERE id = \(resident)")
            let added = try await t.post("/households/\(household)/residents", ["name": "王五", "idNumber": "410105198002290015", "phone": "",
                                                                                "gender": "", "birthDate": "", "residency": "registered", "relation": "子女"], as: worker)
            #expect(added.status == .unprocessableEntity && added.body.contains("公民身份号码校验位错误"))
            #expect(!added.body.contains("请选择性别") && !added.body.contains("请填写出生日期") && !added.body.contains("不是有效日期"), "only the number is named")
        }
    }

    static func export(_ t: TestApp, as headers: HTTPHeaders) async throws -> [[String]] {
        var rows: [[String]] = []
        try await t.app.testing().test(.GET, "/exchange/residents/export.xlsx", headers: headers) { res in
            let sheet = try XLSXReader.firstSheet(Data(buffer: res.body))
            let width = sheet.first.map { ($0.cells.keys.max() ?? -1) + 1 } ?? 0
            rows = sheet.map { row in (0..<width).map { row[$0] } }
        }
        return rows
    }

    static func snapshot(_ t: TestApp, _ id: Int) async throws -> String {
        struct Row: Decodable { let name: String; let relation: String; let residency: String; let tags: String; let id_masked: String?; let phone_masked: String?; let gender: String }
        let r = try await t.app.db.sql.raw("SELECT name, relation, residency, tags, id_masked, phone_masked, gender FROM residents WHERE id = \(bind: id)").first(decoding: Row.self)!
        return [r.name, r.relation, r.residency, r.tags, r.id_masked ?? "", r.phone_masked ?? "", r.gender].joined(separator: "|")
    }
}
