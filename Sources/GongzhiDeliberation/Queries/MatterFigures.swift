import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// The deliberation figures under a place, counted from the matters and their records.
enum MatterFigures {
    static func highlight(under path: String, period: Period, on db: any Database) async throws -> Highlight? {
        let scope = PlaceScope(paths: [path])
        let matters = try await Matter.query(on: db).within(scope, \.$path).all()
        guard !matters.isEmpty else { return nil }
        let passed = matters.filter { [.publicizing, .implementing, .concluded].contains($0.stage) }.count
        let rejected = matters.filter { $0.stage == .rejected }.count
        let concluded = matters.filter { $0.stage == .concluded }.count
        let open = matters.count - passed - rejected
        let opinions = try await MatterOpinion.query(on: db).within(scope, \.$path).filter(\.$replacedAt == nil).count()
        let ballots = try await MatterBallot.query(on: db).within(scope, \.$path).filter(\.$replacedAt == nil).count()
        var sentence = "按照“一征三议两公开”议事\(matters.count)件，征求住户意见\(opinions)户次、收到表决票\(ballots)张"
        sentence += passed > 0 ? "，\(passed)件经居民表决通过" : ""
        sentence += concluded > 0 ? "（其中\(concluded)件已实施并公开结果）" : ""
        sentence += rejected > 0 ? "，\(rejected)件未获通过" : ""
        sentence += open > 0 ? "，\(open)件正在议事中" : ""
        return Highlight(title: "议事协商", link: DeliberationPaths.matters.description,
                         figures: [.init("议事事项", "\(matters.count)"), .init("表决通过", "\(passed)"), .init("未获通过", "\(rejected)"),
                                   .init("正在议事", "\(open)")],
                         sentence: sentence + "。")
    }

    /// Matters open for opinions or being voted on, for the public: what, where, until when — no one's name.
    static func portal(under path: String, on db: any Database) async throws -> PortalSection {
        let matters = try await Matter.query(on: db).within(PlaceScope(paths: [path]), \.$path).filter(\.$stage ~~ [.soliciting, .voting])
            .sort(\.$id, .descending).limit(20).all()
        let places = Dictionary(try await RegistryDirectory.places(ids: Array(Set(matters.map(\.placeID))), on: db).map { ($0.id, $0.address) }) { a, _ in a }
        let items = matters.map { m in
            PortalSection.Item(title: m.title,
                               meta: "\(places[m.placeID] ?? "") · \(m.stage == .voting ? "表决中，截止\(m.voteClosesOn ?? "")" : "征求意见中")",
                               text: m.summary)
        }
        return PortalSection(title: "正在议事的事项", items: items, emptyText: "目前没有征求意见或表决中的事项")
    }
}
