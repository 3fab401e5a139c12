import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A second subdistrict built from an empty instance as the README tells a new user to: set-up in the browser, then
/// the places, party organisations, units, residents and party members ledgers as .xlsx files, typed as offices type
/// them; then the profile counts what was loaded, at every level.
struct NewSubdistrictTests {
    @Test(arguments: TestDatabase.available)
    func aSubdistrictIsBuiltFromLedgers(database: TestDatabase) async throws {
        try await TestApp.with(database, demo: nil) { t in
            let browser = try await t.anonymousForm("/setup")
            #expect(try await t.post("/setup", SetupForm.valid(token: browser.token), as: browser.headers).status == .seeOther)
            // The security administrator grants the first worker a role over the whole subdistrict (done in the browser
            // as README says; here through the same writer).
            let subdistrict = try await t.id("SELECT id AS n FROM places WHERE kind = 'subdistrict'")
            _ = try await Accounts.create(username: "gongzuo", displayName: "街道工作人员", password: "Worker-2026-key!",
                                          grants: [(.subdistrictWorker, subdistrict, "/\(subdistrict)/")], cost: 4, on: t.app.db)
            let worker = try await t.signIn("gongzuo", password: "Worker-2026-key!")

            // Places: 2 communities, a grid, 3 compounds, buildings with their groups, 64 dwellings.
            var places: [[String]] = []
            for (community, code, compound, type) in [("东城社区", "410105009001", "东城一号院", "物业管理"), ("东城社区", "410105009001", "东城二号院", "无主管"),
                                                       ("西城社区", "410105009002", "西城花园", "单位自管")] {
                for building in 1...2 {
                    for floor in 1...4 {
                        for unit in 1...(community == "西城社区" ? 4 : 2) where places.count < 64 {
                            places.append(["", community, code, community == "西城社区" ? "第一网格" : "", compound, type, "\(building)号楼",
                                           "\(compound)\(building)号楼楼组", "1单元", "\(floor)层", "\(floor)0\(unit)", "89.5"])
                        }
                    }
                }
            }
            let placesFile = try XLSXWriter.workbook(sheetName: "地址台账", header: PlaceLedgerColumns.all, rows: places)
            // A wrong code is named with the rule, and nothing is written.
            var wrong = places
            wrong[0][2] = "410106009001"
            let refused = try await t.upload("places", try XLSXWriter.workbook(sheetName: "地址台账", header: PlaceLedgerColumns.all, rows: wrong), as: worker)
            #expect(refused.0 == .unprocessableEntity && refused.1.contains("前9位应与街道代码410105009一致"))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM places") == 1)
            let loaded = try await t.upload("places", placesFile, as: worker)
            #expect(loaded.0 == .ok && loaded.1.contains("导入成功"), "\(loaded.1.prefix(2000))")
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM places WHERE kind = 'dwelling'") == 64)
            #expect(try await t.scalar("SELECT dwelling_count AS n FROM places WHERE kind = 'subdistrict'") == 64)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM building_groups") == 6)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM places WHERE kind = 'compound' AND management_type = 'ownerless'") == 1)
            // The same file again adds nothing.
            let again = try await t.upload("places", placesFile, as: worker)
            #expect(again.1.contains("新增0条"), "\(again.1.prefix(300))")
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM places") == 1 + 2 + 1 + 3 + 6 + 6 + 4 * 6 + 64 - (64 - 64))

            // The party tree under the working committee that set-up created, parents in any order.
            let parties = try XLSXWriter.workbook(sheetName: "党组织台账", header: ["党组织编号", "名称", "类型", "上级党组织", "所在社区", "所在楼院", "成立日期"], rows: [
                ["", "东城社区第一党支部", "党支部", "东城社区党委", "东城社区", "", "2015/7/1"],
                ["", "东城社区党委", "社区党委", "新城街道党工委", "东城社区", "", "2010年7月1日"],
                ["", "西城社区党总支", "党总支", "新城街道党工委", "西城社区", "", "20120701"],
                ["", "东城二号院片区党支部", "片区党支部", "东城社区党委", "东城社区", "东城二号院", "2020.6.30"],
            ])
            let partyAnswer = try await t.upload("party-organizations", parties, as: worker)
            #expect(partyAnswer.1.contains("导入成功"), "\(partyAnswer.1.prefix(2000))")
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM party_organizations") == 5)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM party_organizations c JOIN party_organizations p ON c.parent_id = p.id WHERE c.name = '东城社区第一党支部' AND p.name = '东城社区党委'") == 1)

            // Both ledgers exported and imported again unchanged: nothing added, nothing changed.
            for ledger in ["places", "party-organizations"] {
                var exported = Data()
                try await t.app.testing().test(.GET, "/exchange/\(ledger)/export.xlsx", headers: worker) { res in exported = Data(buffer: res.body) }
                let roundTrip = try await t.upload(ledger, exported, as: worker)
                #expect(roundTrip.1.contains("新增0条，更新0条"), "\(ledger): \(roundTrip.1.prefix(1500))")
            }

            // Residents, with dates as typed by hand and a household code under each community's code.
            let people: [[String]] = [
                ["", "东城社区", "东城一号院", "1号楼", "1单元", "101", "410105009001000001", "户主", "王建国", "男", "1960/3/12", CitizenIDFixture.make("1960", "0312", male: true), "", "户籍", "老年人"],
                ["", "东城社区", "东城一号院", "1号楼", "1单元", "101", "410105009001000001", "配偶", "李秀英", "女", "1962年5月1日", CitizenIDFixture.make("1962", "0501", male: false), "", "户籍", ""],
                ["", "西城社区", "西城花园", "2号楼", "1单元", "404", "410105009002000001", "户主", "赵敏", "女", "19851103", CitizenIDFixture.make("1985", "1103", male: false), "", "户籍", ""],
            ]
            let residents = try XLSXWriter.workbook(sheetName: "居民台账", header: ResidentLedgerColumns.all, rows: people)
            let residentAnswer = try await t.upload("residents", residents, as: worker)
            #expect(residentAnswer.1.contains("导入成功"), "\(residentAnswer.1.prefix(2000))")
            let members = try XLSXWriter.workbook(sheetName: "党员台账", header: ["党员编号", "姓名", "公民身份号码", "类别", "所在党组织", "入党日期", "工作单位", "联系电话"], rows: [
                ["", "", CitizenIDFixture.make("1960", "0312", male: true), "离退休党员", "东城社区第一党支部", "1985.7.1", "", ""],
                ["", "", CitizenIDFixture.make("1985", "1103", male: false), "在职党员", "西城社区党总支", "2010/7/1", "新城科技有限公司", ""],
            ])
            let memberAnswer = try await t.upload("party-members", members, as: worker)
            #expect(memberAnswer.1.contains("导入成功"), "\(memberAnswer.1.prefix(2000))")

            let profile = try await RegistryModule.profiles(on: t.app.db).first?.paragraph ?? ""
            #expect(profile.contains("下辖2个社区") && profile.contains("党员2人") && profile.contains("在职党员1人"), "\(profile)")
            #expect(try await t.scalar("SELECT party_member_count AS n FROM places WHERE name = '东城社区'") == 1)
            #expect(try await t.scalar("SELECT resident_count AS n FROM places WHERE name = '东城一号院'") == 2)
        }
    }
}

enum PlaceLedgerColumns {
    static let all = ["地址编号", "社区", "社区区划代码", "网格", "楼院", "管理类型", "楼栋", "楼组", "单元", "楼层", "房屋", "房屋面积（平方米）"]
}

enum ResidentLedgerColumns {
    static let all = ["居民编号", "社区", "楼院", "楼栋", "单元", "房屋", "户编号", "与户主关系", "姓名", "性别", "出生日期", "公民身份号码", "联系电话", "居住类型", "标签"]
}

/// Valid ID numbers for made-up people (address 410105, a sequence whose parity is the sex).
enum CitizenIDFixture {
    static func make(_ year: String, _ monthDay: String, male: Bool) -> String {
        let body = "410105" + year + monthDay + (male ? "011" : "022")
        return body + String(CitizenID.checkCharacter(for: body.map { Int(String($0))! }))
    }
}
