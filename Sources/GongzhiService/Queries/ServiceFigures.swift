import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// Reporting in and service by community, counted from the records within a scope: what the overview, a place's
/// page and the office page show, rolled up to whatever place is asked.
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

    /// The communities of a scope: those within it, or the one holding a place below a community (a building's).
    static func communities(of scope: PlaceScope, on db: any Database) async throws -> [RegistryDirectory.PlaceEntry] {
        let within = try await RegistryDirectory.places(.community, within: scope, on: db)
        if !within.isEmpty { return within }
        var found: [RegistryDirectory.PlaceEntry] = []
        for path in scope.paths { if let c = try await RegistryDirectory.community(of: path, on: db), !found.contains(c) { found.append(c) } }
        return found
    }

    /// A scope narrowed to one of its communities; a community that holds the scope (a building leader's) narrows nothing.
    static func narrow(_ scope: PlaceScope, to community: RegistryDirectory.PlaceEntry?) -> PlaceScope {
        guard let community, scope.contains(community.path) else { return scope }
        return PlaceScope(paths: [community.path])
    }

    static func load(_ scope: PlaceScope, quarter: Quarter, on db: any Database) async throws -> ServiceFigures {
        let communities = try await communities(of: scope, on: db)
        func community(_ path: String) -> Int? { communities.first { path.hasPrefix($0.path) }?.id }
        var counts: [Int: Counts] = [:]
        let members = try await RegistryDirectory.partyMemberPaths(.inService, within: scope, on: db)
        for path in members.values { if let c = community(path) { counts[c, default: .init()].inService += 1 } }
        for r in try await ReportIn.query(on: db).within(scope, \.$path).filter(\.$status != .returned).all() {
            switch (r.kind, r.status) {
            case (.member, .confirmed) where r.memberID.map { members[$0] != nil } ?? false: counts[r.communityID, default: .init()].reported += 1
            case (.unit, .confirmed): counts[r.communityID, default: .init()].units += 1
            case (_, .submitted): counts[r.communityID, default: .init()].pending += 1
            default: break
            }
        }
        for n in try await ServiceNeed.query(on: db).within(scope, \.$path).all() {
            switch n.status {
            case .open: if n.kind == .wish { counts[n.communityID, default: .init()].openWishes += 1 } else { counts[n.communityID, default: .init()].openNeeds += 1 }
            case .delivered: counts[n.communityID, default: .init()].awaiting += 1
            case .done: counts[n.communityID, default: .init()].done += 1
            case .claimed, .withdrawn: break
            }
        }
        for r in try await ServiceResource.query(on: db).within(scope, \.$path).filter(\.$status == .idle).all() { counts[r.communityID, default: .init()].idleResources += 1 }
        for p in try await ServiceProject.query(on: db).within(scope, \.$path).all() { counts[p.communityID, default: .init()].projects += 1 }
        for h in try await ServiceHours.query(on: db).within(scope, \.$path)
            .filter(\.$servedOn >= quarter.first.description).filter(\.$servedOn <= quarter.last.description).all() {
            counts[h.communityID, default: .init()].minutes += h.minutes
        }
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
