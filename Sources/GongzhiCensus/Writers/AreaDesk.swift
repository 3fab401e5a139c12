import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import SQLKit

/// Enumeration areas: proposed from the registry's buildings, adjusted by moving a building or entrance between
/// areas, given an enumerator and companions; fixed when the visit list is drawn from them.
enum AreaDesk {
    static func notStarted(_ campaign: CensusCampaign) throws {
        if campaign.startedAt != nil { throw AppError.invalid([FieldProblem("placeID", "入户登记已开始，普查小区不能再调整")]) }
    }

    /// Replaces the campaign's areas by a proposal covering every household of its subdistrict exactly once.
    @discardableResult
    static func propose(_ campaign: CensusCampaign, on db: any Database) async throws -> Int {
        try notStarted(campaign)
        let scope = PlaceScope(paths: [campaign.path])
        let communities = try await RegistryDirectory.places(.community, within: scope, on: db)
        let buildings = try await RegistryDirectory.places(.building, within: scope, on: db)
        let entrances = Dictionary(grouping: try await RegistryDirectory.places(.entrance, within: scope, on: db), by: { $0.parentID ?? 0 })
        let communityOf = { (path: String) in communities.first { path.hasPrefix($0.path) } }
        let ordered = buildings.compactMap { b in communityOf(b.path).map { (b, $0) } }.sorted { x, y in
            x.1.sortOrder != y.1.sortOrder ? x.1.sortOrder < y.1.sortOrder : x.0.address.compare(y.0.address, options: .numeric) == .orderedAscending
        }
        let units = ordered.map { b, community in
            AreaPlanner.Unit(placeID: b.id, community: community.id, compound: b.parentID ?? 0, households: b.householdCount,
                             parts: (entrances[b.id] ?? []).sorted { $0.sortOrder < $1.sortOrder }.map {
                                 .init(placeID: $0.id, community: community.id, compound: b.parentID ?? 0, households: $0.householdCount) })
        }
        let proposal = AreaPlanner.propose(units, target: campaign.areaTarget)
        let paths = Dictionary(uniqueKeysWithValues: (buildings + entrances.values.flatMap { $0 }).map { ($0.id, $0.path) })
        let communityPaths = Dictionary(uniqueKeysWithValues: communities.map { ($0.id, $0.path) })
        let id = try campaign.requireID()
        try await db.transaction { db in
            try await CensusCompanion.query(on: db).filter(\.$campaignID == id).delete()
            try await CensusAreaPart.query(on: db).filter(\.$campaignID == id).delete()
            try await CensusArea.query(on: db).filter(\.$campaignID == id).delete()
            var areas = BulkInsert(CensusArea.schema, columns: ["campaign_id", "number", "community_id", "community_path"])
            for (i, units) in proposal.enumerated() {
                areas.append([id, i + 1, units[0].community, communityPaths[units[0].community] ?? ""])
            }
            try await areas.run(on: db)
            let ids = Dictionary(uniqueKeysWithValues: try await CensusArea.query(on: db).filter(\.$campaignID == id).all().map { ($0.number, try $0.requireID()) })
            var parts = BulkInsert(CensusAreaPart.schema, columns: ["campaign_id", "area_id", "place_id", "path"])
            for (i, units) in proposal.enumerated() {
                for u in units { parts.append([id, ids[i + 1] ?? 0, u.placeID, paths[u.placeID] ?? ""]) }
            }
            try await parts.run(on: db)
            try await DataRevision.bump(CensusModule.name, on: db)
        }
        return proposal.count
    }

    /// Puts a building or entrance in `area`: moved whole from another area, or added where no area holds it. A place
    /// overlapping another area's part (an entrance of a building held elsewhere) is refused, as is another community's.
    static func move(placeID: String, into area: CensusArea, campaign: CensusCampaign, on db: any Database) async throws -> String {
        try notStarted(campaign)
        guard let place = try await Bounded.id(placeID).asyncMap({ try await RegistryDirectory.places(ids: [$0], on: db).first }) ?? nil,
              [.building, .entrance].contains(place.kind)
        else { throw AppError.invalid([FieldProblem("placeID", "请选择楼栋或单元")]) }
        guard place.path.hasPrefix(area.communityPath) else {
            throw AppError.invalid([FieldProblem("placeID", "\(place.address)不在本普查小区所在社区，普查小区不跨社区")])
        }
        let parts = try await CensusCounts.parts(campaign, on: db)
        if let overlap = parts.first(where: { $0.placeID != place.id && ($0.path.hasPrefix(place.path) || place.path.hasPrefix($0.path)) }) {
            let n = try await CensusArea.find(overlap.areaID, on: db)?.label ?? "另一普查小区"
            throw AppError.invalid([FieldProblem("placeID", "\(place.address)与\(n)已有的范围重叠：一户只能属于一个普查小区，请整栋或按单元移动")])
        }
        try await db.transaction { db in
            if let part = parts.first(where: { $0.placeID == place.id }) {
                part.areaID = try area.requireID()
                try await part.update(on: db)
            } else {
                let part = CensusAreaPart()
                part.campaignID = try campaign.requireID(); part.areaID = try area.requireID(); part.placeID = place.id; part.path = place.path
                try await part.create(on: db)
            }
            try await DataRevision.bump(CensusModule.name, on: db)
        }
        return place.address
    }

    /// The area's enumerator, and the instructor over them.
    static func setEnumerator(_ memberID: String, instructor: String, area: CensusArea, seat: CensusSeat, on db: any Database) async throws {
        let chosen = try await CensusDesk.chosen(memberID, .enumerator, field: "memberID", seat: seat, on: db)
        let guide = try await CensusDesk.chosen(instructor, .instructor, field: "instructorID", seat: seat, on: db)?.id
        try await db.transaction { db in
            area.enumeratorID = try chosen?.requireID()
            try await area.update(on: db)
            if let chosen { chosen.instructorID = guide; try await chosen.update(on: db) }
            try await DataRevision.bump(CensusModule.name, on: db)
        }
    }

    /// A companion for the area: a building leader (a resident of the area's community) or property staff (of a
    /// property company registered in that community).
    static func addCompanion(kind: String, residentID: String, name: String, organizationID: String, area: CensusArea, on db: any Database) async throws {
        guard let kind = CompanionKind(rawValue: kind) else { throw AppError.invalid([FieldProblem("kind", "请选择陪同人员类别")]) }
        let c = CensusCompanion()
        c.campaignID = area.campaignID; c.areaID = try area.requireID(); c.kind = kind
        switch kind {
        case .buildingLeader:
            guard let resident = try await Bounded.id(residentID).asyncMap({ try await RegistryDirectory.residents(ids: [$0], on: db).first }) ?? nil else {
                throw AppError.invalid([FieldProblem("residentID", "请选择楼栋长")])
            }
            guard resident.path.hasPrefix(area.communityPath) else {
                throw AppError.invalid([FieldProblem("residentID", "\(resident.name)不住在本普查小区所在社区，楼栋长应为本社区居民")])
            }
            c.name = resident.name; c.residentID = resident.id
        case .propertyStaff:
            var problems: [FieldProblem] = []
            let person = TextRule.personName("物业人员姓名").check(name, field: "name", into: &problems)
            let org = try await Bounded.id(organizationID).asyncMap({ try await RegistryDirectory.organizations(ids: [$0], on: db).first }) ?? nil
            if org == nil || org?.kind != .propertyCompany { problems.append(FieldProblem("organizationID", "请选择物业服务企业")) }
            if let org, org.kind == .propertyCompany, !org.path.hasPrefix(area.communityPath) {
                problems.append(FieldProblem("organizationID", "\(org.name)不在本普查小区所在社区服务"))
            }
            guard problems.isEmpty, let person, let org else { throw AppError.invalid(problems) }
            c.name = person; c.organizationID = org.id
        }
        try await c.create(on: db)
        try await DataRevision.bump(CensusModule.name, on: db)
    }

    /// Draws the visit list: every household of the registry under the areas' parts, one visit each, the long-form
    /// sample drawn per area. Refused while a household of the subdistrict lies in no area.
    static func start(_ campaign: CensusCampaign, author: Author, on db: any Database) async throws -> Int {
        try notStarted(campaign)
        let id = try campaign.requireID()
        let parts = try await CensusAreaPart.query(on: db).filter(\.$campaignID == id).all()
        guard !parts.isEmpty else { throw AppError.invalid([FieldProblem("placeID", "还没有普查小区，请先划分")]) }
        let areaOf = Dictionary(uniqueKeysWithValues: parts.map { ($0.path, $0.areaID) })
        let households = try await RegistryDirectory.householdPlaces(within: PlaceScope(paths: [campaign.path]), on: db)
        var byArea: [Int: [RegistryDirectory.HouseholdPlace]] = [:], outside: [RegistryDirectory.HouseholdPlace] = []
        for h in households {
            if let area = PartIndex.area(of: h.path, in: areaOf) { byArea[area, default: []].append(h) } else { outside.append(h) }
        }
        guard outside.isEmpty else {
            throw AppError.invalid([FieldProblem("placeID", "\(outside.count)户不在任何普查小区内（如\(outside[0].address)），请先把它们的楼栋划入普查小区")])
        }
        let numbers = Dictionary(uniqueKeysWithValues: try await CensusArea.query(on: db).filter(\.$campaignID == id).all().map { (try $0.requireID(), $0.number) })
        let lists = byArea
        try await db.transaction { db in
            var visits = BulkInsert(CensusVisit.schema, columns: ["campaign_id", "area_id", "household_id", "path", "address", "status", "long_form", "updated_at"])
            for (area, list) in lists.sorted(by: { $0.key < $1.key }) {
                let drawn = SampleDraw.draw(list.map(\.id), perMille: campaign.samplePerMille,
                                            seed: SampleDraw.seed(campaign: campaign.sampleSeed, area: numbers[area] ?? area))
                for h in list { visits.append([id, area, h.id, h.path, h.address, VisitStatus.notVisited.rawValue, drawn.contains(h.id), author.seconds]) }
            }
            try await visits.run(on: db)
            campaign.startedAt = author.seconds
            try await campaign.update(on: db)
            try await DataRevision.bump(CensusModule.name, on: db)
        }
        return households.count
    }
}
