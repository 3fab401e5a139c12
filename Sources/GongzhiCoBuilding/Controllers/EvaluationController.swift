import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import GongzhiService
import Vapor

/// The yearly evaluation of the member units, counted from the records (meetings attended, resources delivered,
/// projects and claims completed) by the formula shown on the page.
struct EvaluationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws { routes.get(CoBuildingPaths.evaluation, use: index) }

    struct Model: Encodable, Sendable { let year: Int; let previous: Int; let next: Int; let formula: String; let grades: String; let table: Table }

    @Sendable func index(req: Request) async throws -> Response {
        let today = BeijingTime.day(of: req.gongzhi.now())
        let year = try req.queryInt("year", in: 2000...(today.year + 1), label: "年度") ?? today.year
        let rows = try await UnitEvaluations.load(try req.currentUser.scope(), year: year, on: req.db)
        let table = Table(columns: [.plain("成员单位"), .plain("区域党组织"), .plain("应出席", numeric: true), .plain("出席", numeric: true), .plain("对接资源", numeric: true),
                                    .plain("完成项目", numeric: true), .plain("完成认领", numeric: true), .plain("得分", numeric: true), .plain("评价")],
                          rows: rows.map { r in
                              Table.Row([.init(r.unit), .init(r.committees), .init(r.record.meetingsHeld), .init(r.record.meetingsAttended), .init(r.record.resourcesDelivered),
                                         .init(r.record.projectsCompleted), .init(r.record.claimsConfirmed), .init(r.score), .init(r.grade.label)])
                          }, emptyText: "没有成员单位")
        return try await req.page("co-building/evaluation", title: "\(year)年度成员单位评价",
                                  breadcrumbs: [.init("区域共建", CoBuildingPaths.committees.description), .init("年度评价")],
                                  Model(year: year, previous: year - 1, next: year + 1, formula: UnitEvaluation.formula, grades: UnitEvaluation.Grade.thresholds, table: table))
    }
}

/// Each member unit's record for a year, from the joint meetings of its committees and its service.
enum UnitEvaluations {
    struct Row: Sendable { let unit: String; let committees: String; let record: UnitEvaluation.Record; let score: Int; let grade: UnitEvaluation.Grade }

    static func load(_ scope: PlaceScope, year: Int, on db: any Database) async throws -> [Row] {
        let roster = try await CommitteeRoster.load(scope, on: db)
        let meetings = try await JointMeeting.query(on: db).within(scope, \.$path)
            .filter(\.$heldOn >= "\(year)-01-01").filter(\.$heldOn <= "\(year)-12-31").all()
        let byCommittee = Dictionary(grouping: meetings, by: \.committeeID)
        var committeesOf: [Int: [String]] = [:], held: [Int: Int] = [:], attended: [Int: Int] = [:]
        for c in roster.committees {
            let ms = byCommittee[c.entry.id] ?? []
            for unit in c.members {
                committeesOf[unit, default: []].append(c.entry.name)
                held[unit, default: 0] += ms.count
                attended[unit, default: 0] += ms.count { $0.attendees.contains(unit) }
            }
        }
        let ids = Array(committeesOf.keys)
        let service = try await ServiceDirectory.unitYears(organizationIDs: ids, year: year, on: db)
        let names = Dictionary(uniqueKeysWithValues: try await RegistryDirectory.organizations(ids: ids, on: db).map { ($0.id, $0.name) })
        return ids.map { id in
            let s = service[id] ?? .init()
            let record = UnitEvaluation.Record(meetingsHeld: held[id] ?? 0, meetingsAttended: attended[id] ?? 0, resourcesDelivered: s.resourcesDelivered,
                                               projectsCompleted: s.projectsCompleted, claimsConfirmed: s.claimsConfirmed)
            let score = UnitEvaluation.score(record)
            return Row(unit: names[id] ?? "—", committees: (committeesOf[id] ?? []).joined(separator: "、"), record: record, score: score, grade: .of(score))
        }.sorted { ($1.score, $0.unit) < ($0.score, $1.unit) }
    }
}
