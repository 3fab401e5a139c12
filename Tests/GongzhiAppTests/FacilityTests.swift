import Foundation
import GongzhiKit
import Testing
import Vapor
import VaporTesting

/// Facilities (阵地) are added at a place within the worker's places, with their area; bad input names the field.
struct FacilityTests {
    @Test func workersAddFacilitiesInTheirPlaces() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin")
            let mine = try await t.id("SELECT id AS n FROM places WHERE name = '纬五路13号院'")
            let other = try await t.id("SELECT id AS n FROM places WHERE name = '经纬社区'")
            func add(_ form: [String: String], as headers: HTTPHeaders) async throws -> (HTTPStatus, String) {
                let answer = try await t.post("/facilities", form, as: headers)
                return (answer.status, answer.body)
            }
            let bad = try await add(["name": "睦邻初心亭", "kind": "pavilion", "placeID": String(other), "area": "大约", "openedOn": "2021-13-01"], as: worker)
            #expect(bad.0 == .unprocessableEntity)
            for message in ["不在您的管辖范围内", "面积应为0.01到1000000之间的数，收到“大约”", "启用日期“2021-13-01”格式应为YYYY-MM-DD"] { #expect(bad.1.contains(message), "\(message)") }
            #expect(try await add(["name": "睦邻初心亭", "kind": "pavilion", "placeID": String(mine), "area": "36", "openedOn": "2021-07-01"], as: worker).0 == .seeOther)
            let page = try await t.get("/facilities", as: worker)
            #expect(page.body.contains("睦邻初心亭") && page.body.contains("纬五路13号院"))
            #expect(try await add(["name": "楼下花园", "kind": "other", "placeID": String(mine)], as: try await t.signIn("louzu")).0 == .forbidden)
        }
    }
}
