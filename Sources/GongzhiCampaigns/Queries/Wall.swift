import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// A campaign's wall for a scope: its tasks with their shown status (overdue from the deadline and the day), their
/// places and communities; the map, the Gantt chart and the figures are drawn from these, never typed.
struct Wall: Sendable {
    struct Item: Sendable {
        let id: Int, name: String, path: String, status: TaskStatus, progress: Int, startsOn: String, deadline: String
        let responsible: String, cadreID: Int?, organizationID: Int?, targets: [Int]
    }
    let campaign: Campaign.Summary
    let items: [Item]
    let places: [Int: RegistryDirectory.PlaceEntry]
    let communities: [RegistryDirectory.PlaceEntry]
    /// What the Gantt chart's rows are: the communities, or within one community its compounds.
    let groups: [RegistryDirectory.PlaceEntry]
    let today: CivilDate

    /// The tasks of `campaign` in `scope` (those whose places reach the scope), with `status` as shown if given.
    static func load(_ campaign: Campaign, scope: PlaceScope, status: TaskStatus? = nil, today: CivilDate, on db: any Database) async throws -> Wall {
        let id = try campaign.requireID()
        let tasks = try await CampaignTask.query(on: db).filter(\.$campaignID == id).sort(\.$deadline).sort(\.$id).all().filter { scope.overlaps($0.path) }
        let targets = try await tasks.map { try $0.requireID() }.chunked(1_000).asyncFlatMap { ids in
            try await TaskTarget.query(on: db).filter(\.$taskID ~~ Array(ids)).all()
        }
        let byTask = Dictionary(grouping: targets, by: \.taskID)
        let items = try tasks.map { t in
            Item(id: try t.requireID(), name: t.name, path: t.path, status: t.shownStatus(today: today), progress: t.progress,
                 startsOn: t.startsOn ?? campaign.startsOn, deadline: t.deadline, responsible: t.responsible, cadreID: t.cadreID,
                 organizationID: t.partyOrganizationID, targets: (byTask[try t.requireID()] ?? []).map(\.placeID))
        }.filter { status == nil || $0.status == status }
        let placeIDs = Array(Set(items.flatMap(\.targets)))
        let places = try await placeIDs.chunked(1_000).asyncFlatMap { try await RegistryDirectory.places(ids: Array($0), on: db) }
        let communities = try await CommunityFilter.communities(of: scope, on: db)
        let groups = communities.count == 1 ? try await RegistryDirectory.places(.compound, within: scope, on: db) : communities
        return Wall(campaign: campaign.summary, items: items, places: Dictionary(uniqueKeysWithValues: places.map { ($0.id, $0) }),
                    communities: communities, groups: groups, today: today)
    }

    func count(_ status: TaskStatus) -> Int { items.filter { $0.status == status }.count }

    var figures: [Highlight.Figure] {
        [.init("任务", "\(items.count)个"), .init("已完成", "\(count(.done))个"), .init("推进中", "\(count(.inProgress))个"),
         .init("未开始", "\(count(.notStarted))个"), .init("已逾期", "\(count(.overdue))个"),
         .init("完成率", ChineseNumber.percent(count(.done), of: items.count))]
    }

    /// The community of a task: the community whose path its own path starts with.
    func community(of item: Item) -> RegistryDirectory.PlaceEntry? { communities.first { item.path.hasPrefix($0.path) } }

    /// The plan: the communities (and their compounds when one community is shown) as ground, each task's places
    /// filled by its status; a place targeted twice shows its more urgent task.
    func plan(ground: [RegistryDirectory.PlaceEntry]) -> PlanMap {
        var map = PlanMap()
        map.ground = ground.compactMap { p in
            p.geometry.map { .init(polygon: $0, label: p.kind == .community ? p.name : nil, title: p.name, cssClass: p.kind == .community ? "ground" : "ground-inner") }
        }
        var marked: [Int: (Item, Int)] = [:]
        for item in items {
            for place in item.targets where (marked[place].map { Self.urgency($0.0.status) < Self.urgency(item.status) } ?? true) {
                marked[place] = (item, place)
            }
        }
        map.marks = marked.values.sorted { $0.1 < $1.1 }.compactMap { item, placeID in
            guard let place = places[placeID], let polygon = place.geometry else { return nil }
            return .init(polygon: polygon, title: "\(place.address.isEmpty ? place.name : place.address)：\(item.name)（\(item.status.label)，\(item.progress)%）",
                         cssClass: "st-\(item.status.rawValue)", link: CampaignPaths.task(item.id))
        }
        map.legend = [TaskStatus.overdue, .notStarted, .inProgress, .done].map { .init($0.label, cssClass: "st-\($0.rawValue)", count: count($0)) }
        return map
    }

    static func urgency(_ s: TaskStatus) -> Int { switch s { case .overdue: 3; case .notStarted: 2; case .inProgress: 1; case .done: 0 } }

    /// One row per community (per compound within one community): from its first start to its last deadline,
    /// filled to its share done.
    var gantt: Gantt {
        let byGroup = Dictionary(grouping: items) { item in groups.first { item.path.hasPrefix($0.path) }?.id ?? 0 }
        let rows: [Gantt.Row] = groups.compactMap { c in
            guard let own = byGroup[c.id], !own.isEmpty,
                  let starts = own.compactMap({ CivilDate(yyyymmdd: $0.startsOn) }).min(),
                  let ends = own.compactMap({ CivilDate(yyyymmdd: $0.deadline) }).max() else { return nil }
            return .init(label: c.name, starts: starts, ends: ends, done: own.filter { $0.status == .done }.count, total: own.count,
                         overdue: own.filter { $0.status == .overdue }.count,
                         link: c.kind == .community ? "\(CampaignPaths.campaign(campaign.id))?community=\(c.id)" : nil)
        }
        return Gantt(rows: rows, from: CivilDate(yyyymmdd: campaign.startsOn) ?? today, to: CivilDate(yyyymmdd: campaign.endsOn) ?? today, today: today)
    }
}

extension Campaign {
    struct Summary: Sendable { let id: Int, name: String, goal: String, startsOn: String, endsOn: String, path: String }
    var summary: Summary { Summary(id: id ?? 0, name: name, goal: goal, startsOn: startsOn, endsOn: endsOn, path: path) }
}

extension CampaignTask {
    /// The status the wall shows: overdue once the deadline has passed and the task is not done.
    func shownStatus(today: CivilDate) -> TaskStatus { .effective(status, deadline: CivilDate(yyyymmdd: deadline), today: today) }
}
