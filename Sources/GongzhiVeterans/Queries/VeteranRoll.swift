import Fluent
import GongzhiCore
import GongzhiKit

/// The veterans in a scope and the medals given to them.
struct VeteranRoll: Sendable {
    /// The medal of the seed: issued on the 70th anniversary of the Chinese People's Volunteers entering the Korean war.
    static let koreanWarMedal = "中国人民志愿军抗美援朝出国作战70周年纪念章"

    let veterans: [Veteran]
    let medals: [MedalIssue]

    var koreanWar: [Veteran] { veterans.filter { $0.war == .korean } }
    var koreanWarWithMedal: Int {
        let given = Set(medals.filter { $0.medal == Self.koreanWarMedal }.map(\.veteranID))
        return koreanWar.filter { $0.id.map(given.contains) ?? false }.count
    }

    static func load(_ scope: PlaceScope, on db: any Database) async throws -> VeteranRoll {
        VeteranRoll(veterans: try await Veteran.query(on: db).within(scope, \.$path).sort(\.$id).all(),
                    medals: try await MedalIssue.query(on: db).within(scope, \.$path).sort(\.$issuedOn).all())
    }

    var figures: [Highlight.Figure] {
        [.init("退役军人", "\(veterans.count)人"), .init("抗美援朝老兵", "\(koreanWar.count)人"),
         .init("已发放纪念章", "\(koreanWarWithMedal)人")]
    }

    /// 为15位抗美援朝退伍老兵发放“中国人民志愿军抗美援朝出国作战70周年”纪念章。
    var sentence: String { "为\(koreanWarWithMedal)位抗美援朝退伍老兵发放“中国人民志愿军抗美援朝出国作战70周年”纪念章。" }
}
