import Foundation
import Testing
import Vapor
import VaporTesting

/// After a write the next page says what happened, once; no link or forged cookie can make a page say anything else.
struct NoticeTests {
    @Test func aNoticeIsShownOnceAndCannotBeForged() async throws {
        try await TestApp.with(.sqlite) { t in
            let worker = try await t.signIn("tongxin")
            let group = try await t.id(ModuleTests.group(in: "通信花园社区"))
            let saved = try await t.post("/star-groups/\(group)/inspections", ["inspectedOn": "2021-03-15", "inspector": "社区评定组", "groundClean": "on"], as: worker)
            #expect(saved.status == .seeOther && saved.location == "/star-groups/\(group)", "a successful POST redirects")
            var shown = HTTPHeaders()
            try await t.app.testing().test(.GET, saved.location, headers: worker.adding(cookie: saved.cookies ?? HTTPCookies())) { res in
                #expect(res.body.string.contains("id=\"notice\">评定已保存。"))
                shown = res.headers
            }
            #expect(shown.setCookie?["gongzhi_notice"]?.string == "", "the page that showed it removes it")

            // Words in the address, or a cookie not signed by this server, show nothing.
            let admin = try await t.signInAdministrator("admin")
            #expect(!(try await t.get("/users?message=请拨打010-12345678领取补贴", as: admin).body.contains("领取补贴")))
            let forged = HTTPCookies(dictionaryLiteral: ("gongzhi_notice", .init(string: Data("请拨打热线".utf8).base64EncodedString() + ".AAAA")))
            #expect(!(try await t.get("/star-groups/\(group)", as: worker.adding(cookie: forged)).body.contains("请拨打热线")))
        }
    }
}
