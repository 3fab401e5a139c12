import Foundation
import GongzhiKit
import Testing
import Vapor
import VaporTesting

/// The demo subdistrict reproduces every registry figure of the article from records, and the profile follows the records.
struct DemoProfileTests {
    static let seed = "街道辖区面积3平方公里，下辖10个社区（其中社区党委5个、党总支5个），人口7.57万人，党员9716人，其中在职党员4695人，离退休党员3363人，直管党员1658人。驻区单位96家，“两新”企业83家。"

    /// The same article's other figures, as the modules' records give them (报表一键生成).
    static let modules = "推进“红色物业”的物业服务企业10家；2020年新建“两新”党组织3家，新建党建活动阵地102平方米；建成“经纬天地”等街边游园1处，共900平方米。在27个一线项目建立12个片区党支部，覆盖29个无主管楼院，实现党组织全覆盖。街道共创建达标星级楼组279个，达标率66%。成立街道区域党工委和10个社区区域党委，使35家街道区域党工委成员单位和96家社区区域党委成员单位互通互联。为15位抗美援朝退伍老兵发放“中国人民志愿军抗美援朝出国作战70周年”纪念章。"

    @Test(arguments: TestDatabase.available)
    func demoReproducesTheArticle(database: TestDatabase) async throws {
        try await TestApp.with(database, demo: .full) { t in
            let cookie = try await t.signIn("jiedao")
            let overview = try await t.get("/overview", as: cookie)
            #expect(overview.status == .ok)
            #expect(overview.body.contains(Self.seed))
            #expect(overview.body.contains(Self.modules))
            #expect(overview.body.contains("<svg class=\"map\""))

            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM residents") == 75_700)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM party_members WHERE category = 'inService'") == 4_695)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM party_organizations WHERE kind = 'areaBranch'") == 12)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM places WHERE management_type = 'ownerless' AND covering_party_org_id IN (SELECT id FROM party_organizations WHERE kind = 'areaBranch')") == 29)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM organizations WHERE kind = 'propertyCompany' AND red_property = \(database == .postgres ? "true" : "1")") == 10)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM party_organizations WHERE kind = 'newOrgCommittee' AND founded_on LIKE '2020%'") == 3)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM party_organizations WHERE kind = 'communityRegionalCommittee'") == 10)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM building_groups") == 423)
            #expect(try await t.scalar("SELECT CAST(SUM(area_m2) AS INTEGER) AS n FROM facilities WHERE name = '经纬天地'") == 900)
            #expect(try await t.scalar("SELECT CAST(SUM(area_m2) AS INTEGER) AS n FROM facilities WHERE kind = 'partyActivitySpace' AND opened_on LIKE '2020%'") == 102)
            for name in ["通信花园社区", "纬五路13号院"] { #expect(try await t.scalar("SELECT COUNT(*) AS n FROM places WHERE name = '\(name)'") == 1) }
            for name in ["河南合作大厦", "河南省省直干休所", "河南省省直物业有限责任公司"] {
                #expect(try await t.scalar("SELECT COUNT(*) AS n FROM organizations WHERE name = '\(name)'") == 1)
            }
            // Roll-ups agree with the records they count.
            #expect(try await t.scalar("SELECT resident_count AS n FROM places WHERE kind = 'subdistrict'") == 75_700)
            #expect(try await t.scalar("SELECT CAST(SUM(resident_count) AS BIGINT) AS n FROM places WHERE kind = 'community'") == 75_700)

            // Party members are counted where they live, at every level: a community's buildings and its members who live
            // nowhere in the registry (outside persons, counted at their organisation's place) add up to its figure.
            for community in ["通信花园社区", "经纬社区"] {
                let path = "(SELECT path FROM places WHERE name = '\(community)')"
                let buildings = try await t.scalar("SELECT CAST(COALESCE(SUM(party_member_count), 0) AS BIGINT) AS n FROM places WHERE kind = 'building' AND path LIKE \(path) || '%'")
                let outside = try await t.scalar("SELECT COUNT(*) AS n FROM party_members WHERE resident_id IS NULL AND path LIKE \(path) || '%'")
                let figure = try await t.scalar("SELECT party_member_count AS n FROM places WHERE name = '\(community)'")
                #expect(buildings > 0 && buildings + outside == figure, "\(community): buildings \(buildings) + outside \(outside) ≠ \(figure)")
            }
            // The party tree rolls members up: the working committee's total is the subdistrict's 9,716, and each community
            // committee's total is the members of its branches.
            let tree = try await t.get("/api/v1/party/organizations", as: cookie)
            struct Node: Decodable { let kind: String; let name: String; let members: Int; let membersTotal: Int }
            let nodes = try JSONDecoder().decode([Node].self, from: Data(tree.body.utf8))
            #expect(nodes.first { $0.kind == "subdistrictWorkingCommittee" }?.membersTotal == 9_716)
            let committees = nodes.filter { $0.kind == "communityCommittee" || $0.kind == "generalBranch" && $0.name.hasSuffix("总支部委员会") }
            #expect(committees.count == 10 && committees.allSatisfy { $0.membersTotal > $0.members })

            // A new resident unit, entered once in the browser, changes the paragraph.
            let communityID = try await t.id("SELECT id AS n FROM places WHERE name = '通信花园社区'")
            try await t.app.testing().test(.POST, "/organizations", headers: cookie, beforeRequest: { req in
                try req.content.encode(["name": "新驻区单位", "kind": "residentUnit", "placeID": String(communityID)], as: .urlEncodedForm)
            }) { res in #expect(res.status == .seeOther) }
            // The overview page (cached per registry revision) shows it at once, as does the API.
            #expect(try await t.get("/overview", as: cookie).body.contains("驻区单位97家"))
            #expect(try await t.get("/api/v1/profile", as: cookie).body.contains("驻区单位97家"))
        }
    }
}
