import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import SQLKit

/// Reporting in and service by community, counted from the records within a scope: what the overview, a place's
/// page and the office page show, rolled up to whatever place is asked. Counted in the database (grouped by
/// community), never by reading the records: a subdistrict holds thousands of reports.
struct ServiceFigures: Sendable {
    struct Counts: Sendable {
        var inService = 0, reported = 0, pending = 0, units = 0
        var openNeeds = 0, openWishes = 0, awaiting = 0, done = 0, idleResources = 0, projects = 0
        var minutes = 0

        static func + (a: Counts, b: Counts) -> Counts {
            Counts(inService: a.inService + b.inService, reported: a.reported + b.reported, pending: a.pending + b.pending, units: a.units + b.units,
                   openNeeds: a.openNeeds + b.openNeeds, openWishes: a.openWishes + b.openWishes, awaiting: a.awaiting + b.awaiting,
                   done: a.done + b.done, idleResources: a.idleResources + b.idleResources, projects: a.projects + b.projects, minutes: a.minutes + b.minutes)
        }
        /// Share of in-service members reported, as `63.2%`.
        var share: String { inService == 0 ? "—" : String(format: "%.1f%%", Double(reported) * 100 / Double(inService)) }
    }
    struct Row: Sendable { let community: RegistryDirectory.PlaceEntry; let counts: Counts }
    let rows: [Row]
    let total: Counts
    /// The hours are those served in this quarter.
    let quarter: Quarter

    /// One grouped count: rows of `table` within `scope` by community and the given columns.
    struct Group: Decodable { let community_id: Int; let a: String?; let b: String?; let n: Int }

    static func grouped(_ table: String, _ scope: PlaceScope, by columns: [String], sum: String? = nil, where extra: ((SQLSelectBuilder) -> SQLSelectBuilder)? = nil,
                        on db: any Database) async throws -> [Group] {
        var select = db.sql.select().column(SQLColumn("community_id", table: "t"))
        for (column, alias) in zip(columns, ["a", "b"]) { select = select.column(SQLAlias(SQLColumn(column, table: "t"), as: SQLIdentifier(alias))) }
        if columns.count < 2 { select = select.column(SQLAlias(SQLLiteral.null, as: SQLIdentifier("b"))) }
        if columns.isEmpty { select = select.column(SQLAlias(SQLLiteral.null, as: SQLIdentifier("a"))) }
        // PostgreSQL sums integers as numeric; the cast keeps the answer an integer on both databases.
        select = select.column(SQLAlias(sum.map { SQLRaw("CAST(COALESCE(SUM(t.\($0)), 0) AS BIGINT)") } ?? SQLFunction("COUNT", args: SQLLiteral.all),
                                        as: SQLIdentifier("n")))
            .from(SQLAlias(SQLIdentifier(table), as: SQLIdentifier("t")))
            .where(scope.predicate("path", table: "t"))
        if let extra { select = extra(select) }
        select = select.groupBy(SQLColumn("community_id", table: "t"))
        for column in columns { select = select.groupBy(SQLColumn(column, table: "t")) }
        return try await select.all(decoding: Group.self)
    }

    /// What the office page caches its figures by, per change of any module's records (`RevisionCache`).
    struct Key: Hashable, Sendable { let paths: [String]; let quarter: Quarter }

    static func load(_ scope: PlaceScope, quarter: Quarter, on db: any Database) async throws -> ServiceFigures {
        let communities = try await CommunityFilter.communities(of: scope, on: db)
        var counts: [Int: Counts] = [:]
        for (id, n) in try await RegistryDirectory.partyMemberCounts(.inService, under: communities, within: scope, on: db) { counts[id, default: .init()].inService = n }
        // Reports of in-service members (and of units): a retired member's report is kept but not counted here.
        let reports = try await grouped(ReportIn.schema, scope, by: ["kind", "status"], where: { select in
            select.join(SQLAlias(SQLIdentifier("party_members"), as: SQLIdentifier("m")), method: SQLJoinMethod.left,
                        on: SQLColumn("member_id", table: "t"), .equal, SQLColumn("id", table: "m"))
                .where(SQLGroupExpression(SQLBinaryExpression(SQLBinaryExpression(SQLColumn("kind", table: "t"), .equal, SQLBind(ReporterKind.unit.rawValue)), .or,
                                                              SQLBinaryExpression(SQLColumn("category", table: "m"), .equal, SQLBind(PartyMemberCategory.inService.rawValue)))))
        }, on: db)
        for g in reports {
            switch (ReporterKind(rawValue: g.a ?? ""), ReportStatus(rawValue: g.b ?? "")) {
            case (.member, .confirmed): counts[g.community_id, default: .init()].reported += g.n
            case (.unit, .confirmed): counts[g.community_id, default: .init()].units += g.n
            case (_, .submitted): counts[g.community_id, default: .init()].pending += g.n
            default: break
            }
        }
        for g in try await grouped(ServiceNeed.schema, scope, by: ["status", "kind"], on: db) {
            switch NeedStatus(rawValue: g.a ?? "") {
            case .open: if g.b == NeedKind.wish.rawValue { counts[g.community_id, default: .init()].openWishes += g.n } else { counts[g.community_id, default: .init()].openNeeds += g.n }
            case .delivered: counts[g.community_id, default: .init()].awaiting += g.n
            case .done: counts[g.community_id, default: .init()].done += g.n
            default: break
            }
        }
        for g in try await grouped(ServiceResource.schema, scope, by: ["status"], on: db) where g.a == ResourceStatus.idle.rawValue {
            counts[g.community_id, default: .init()].idleResources += g.n
        }
        for g in try await grouped(ServiceProject.schema, scope, by: [], on: db) { counts[g.community_id, default: .init()].projects += g.n }
        let inQuarter = { (select: SQLSelectBuilder) in
            select.where(SQLColumn("served_on", table: "t"), .greaterThanOrEqual, SQLBind(quarter.first.description))
                .where(SQLColumn("served_on", table: "t"), .lessThanOrEqual, SQLBind(quarter.last.description))
        }
        for g in try await grouped(ServiceHours.schema, scope, by: [], sum: "minutes", where: inQuarter, on: db) { counts[g.community_id, default: .init()].minutes += g.n }
        let rows = communities.map { Row(community: $0, counts: counts[$0.id] ?? .init()) }
        return ServiceFigures(rows: rows, total: rows.reduce(Counts()) { $0 + $1.counts }, quarter: quarter)
    }

    static func hours(_ minutes: Int) -> String {
        minutes % 60 == 0 ? (minutes / 60).formatted() : String(format: "%.1f", Double(minutes) / 60)
    }

    var figures: [Highlight.Figure] {
        [.init("在职党员报到", "\(total.reported.formatted())/\(total.inService.formatted())名"), .init("报到单位", "\(total.units)家"),
         .init("待认领需求", "\(total.openNeeds + total.openWishes)件"), .init("已完成点单", "\(total.done)件"),
         .init("\(quarter.label)服务时长", "\(Self.hours(total.minutes))小时")]
    }

    /// The highlight sentence, counted from the records.
    var sentence: String {
        "在职党员\(total.inService.formatted())名中已有\(total.reported.formatted())名到居住地社区报到，\(total.units)家单位党组织报到共建；"
            + "居民点单已完成\(total.done)件，\(quarter.label)经确认的党员志愿服务\(Self.hours(total.minutes))小时。"
    }

    static func highlight(under path: String, on db: any Database) async throws -> Highlight? {
        let figures = try await load(PlaceScope(paths: [path]), quarter: Quarter(containing: .todayInBeijing), on: db)
        guard figures.total.inService > 0 || figures.total.done > 0 else { return nil }
        return Highlight(title: "双报到", link: ServicePaths.overview.description, figures: figures.figures, sentence: figures.sentence)
    }
}
