import Foundation
import GongzhiKit
import Testing
import Vapor
import VaporTesting

/// The shared pieces every module's pages use: pickers that narrow a long list, names in pinyin order, a chooser
/// for the year of yearly figures.
struct SharedUITests {
    @Test func longChoicesArePickersInPinyinOrder() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("jiedao")
            let page = try await t.get("/co-building", as: worker).body
            // The unit list (every unit of the subdistrict) can be narrowed by typing, and reads in pinyin order.
            #expect(page.contains("class=\"picker-filter\" data-picker=\"picker-organizationID\""))
            let start = try #require(page.firstRange(of: "<select name=\"organizationID\""))
            let select = String(page[start.lowerBound...]).components(separatedBy: "</select>")[0]
            let labels = select.matches(of: /<option value="\d+"[^>]*>([^<]+)<\/option>/).prefix(250).map { String($0.output.1) }
            #expect(labels.count > 100)
            #expect(labels.map(Collation.key) == labels.map(Collation.key).sorted(), "options in pinyin order")

            // Residents sorted by name, on the page's API, come in pinyin order too.
            struct Page: Decodable { let items: [Item]; struct Item: Decodable { let name: String } }
            let api = try await t.get("/api/v1/residents?sort=name&per=200", as: worker)
            let names = try JSONDecoder().decode(Page.self, from: Data(api.body.utf8)).items.map(\.name)
            #expect(names.count == 200 && names.map(Collation.key) == names.map(Collation.key).sorted())
            #expect(names != names.sorted(), "not code-point order")
        }
    }

    @Test func yearlyFiguresOfferEveryYearWithRecords() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("jiedao")
            // By default the latest year with records, as the article says it.
            let latest = try await t.get("/overview", as: worker).body
            #expect(latest.contains("2020年新建“两新”党组织3家") && latest.contains("<strong aria-current=\"page\">2020年</strong>"))
            // Another year's founding: the chooser offers it, and choosing it counts that year's records.
            let facility = try await t.post("/facilities", ["name": "老党员之家", "kind": "partyActivitySpace", "placeID": String(try await t.id("SELECT id AS n FROM places WHERE name = '通信花园社区'")),
                                                           "area": "40", "openedOn": "2019-05-01"], as: worker)
            #expect(facility.status == .seeOther, "\(facility.body.prefix(300))")
            let page = try await t.get("/overview", as: worker).body
            #expect(page.contains("href=\"/overview?year=2019\">2019年</a>"))
            let earlier = try await t.get("/overview?year=2019", as: worker).body
            #expect(earlier.contains("2019年新建“两新”党组织0家，新建党建活动阵地40平方米"))
            #expect(try await t.get("/overview?year=1800", as: worker).status == .badRequest)
        }
    }

    @Test func aPagedListPrintsWholeWithItsHeader() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin")
            let total = try await t.scalar(RegistryEditTests.first("residents", in: "通信花园社区").replacingOccurrences(of: "t.id AS n", with: "COUNT(*) AS n").replacingOccurrences(of: " ORDER BY t.id LIMIT 1", with: ""))
            #expect(total > 50, "more than one page")
            let paged = try await t.get("/residents", as: worker).body
            #expect(paged.contains("class=\"print-all\">打印全部\(total)条</a>"))
            let printed = try await t.get("/residents?print=all", as: worker).body
            #expect(printed.contains("data-print=\"all\"") && printed.contains("class=\"print-head\""))
            #expect(printed.components(separatedBy: "<tr>").count - 2 == total, "every row, on one page")
            #expect(try await t.get("/residents?print=some", as: worker).status == .badRequest)
        }
    }
}
