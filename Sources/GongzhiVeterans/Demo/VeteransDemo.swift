import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// The demo's Korean-war veterans: the 15 oldest men of the subdistrict, each given the 70th-anniversary medal
/// at home in October 2020, the receipt signed by the veteran. (Invented people: the article's veterans are not used.)
enum VeteransDemo {
    static let koreanWarVeterans = 15

    static func load(on db: any Database) async throws {
        let elders = try await RegistryDirectory.residents(bornOnOrBefore: "1937-12-31", within: PlaceScope(paths: ["/"]), limit: 200, on: db)
            .filter { $0.gender == .male }.prefix(koreanWarVeterans)
        for (i, resident) in elders.enumerated() {
            let veteran = Veteran()
            veteran.residentID = resident.id; veteran.path = resident.path
            veteran.service = ["志愿军第15军", "志愿军第26军", "志愿军第38军"][i % 3]
            veteran.war = .korean
            veteran.honours = i == 0 ? "特等功臣、二级战斗英雄" : i % 4 == 1 ? "三等功" : ""
            try await veteran.create(on: db)
            let medal = MedalIssue()
            medal.veteranID = try veteran.requireID(); medal.path = resident.path; medal.medal = VeteranRoll.koreanWarMedal
            medal.issuedOn = "2020-10-\(String(format: "%02d", 20 + i % 5))"; medal.issuedBy = "街道退役军人服务站"
            medal.receiptSignedBy = resident.name
            try await medal.create(on: db)
        }
        try await RegistryDirectory.addTag(.veteran, to: elders.map(\.id), on: db)
        try await DataRevision.bump(VeteransModule.name, on: db)
    }
}
