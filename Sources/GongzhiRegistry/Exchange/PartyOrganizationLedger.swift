import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import SQLKit

/// The party organisations' ledger (党组织台账): the party tree in one file, each organisation with its parent by
/// name (earlier or later in the same file, or already in the registry) and the place it serves.
public enum PartyOrganizationLedger {
    static let columns = ["党组织编号", "名称", "类型", "上级党组织", "所在社区", "所在楼院", "成立日期"]
    static let required = ["名称", "类型", "上级党组织"]
    static let widths = [10, 36, 14, 36, 16, 18, 12]

    public static func export(_ scope: PlaceScope, on db: any Database) async throws -> Data {
        let index = try await PlaceIndex.load(scope, on: db)
        let orgs = try await PartyOrganization.query(on: db).within(scope, \.$path).all()
        let names = Dictionary(try await PartyOrganization.query(on: db).all().map { (try $0.requireID(), $0.name) }) { a, _ in a }
        // Parents before children, as the tree page lists them.
        let byParent = Dictionary(grouping: orgs, by: \.parentID)
        let inScope = Set(orgs.compactMap(\.id))
        var ordered: [PartyOrganization] = []
        func walk(_ parent: Int?) {
            for org in (byParent[parent] ?? []).sorted(by: { ($0.id ?? 0) < ($1.id ?? 0) }) { ordered.append(org); walk(org.id) }
        }
        for top in orgs where top.parentID == nil || !inScope.contains(top.parentID!) { ordered.append(top); walk(top.id) }
        let rows = try ordered.map { o -> [String] in
            let n = index.names(along: o.path)
            return [String(try o.requireID()), o.name, o.kind.label, o.parentID.flatMap { names[$0] } ?? "", n[.community] ?? "", n[.compound] ?? "", o.foundedOn ?? ""]
        }
        return try XLSXWriter.workbook(sheetName: "党组织台账", header: columns, rows: rows, widths: widths)
    }

    public static func template() throws -> Data {
        try XLSXWriter.template(sheetName: "党组织台账", header: columns, instructions: [
            "党组织编号：留空表示新增；导出的台账中有编号的行更新该党组织（名称、类型、成立日期）",
            "类型：\(PartyOrganizationKind.labels)",
            "上级党组织：填上级的名称，可以是系统中已有的（如初始设置建立的“××街道党工委”），也可以是本文件中其他行新增的，顺序不限",
            "所在社区、所在楼院：党组织服务的地点；都不填表示整个街道，只填社区表示该社区，片区党支部等可再填楼院",
            "成立日期：可写2020-07-01、2020/7/1、2020年7月1日或20200701",
        ], widths: widths)
    }

    struct Pending { let row: Int; let org: PartyOrganization; let isNew: Bool; let parentName: String }

    public static func importFile(_ data: Data, scope: PlaceScope, on db: any Database, record: @escaping ImportSummary.Record) async throws -> ImportSummary {
        let ledger = try Ledger(xlsx: data, required: required)
        return try await db.transaction { db in
            let index = try await PlaceIndex.load(scope, on: db)
            let all = try await PartyOrganization.query(on: db).all()
            let byName = Dictionary(all.map { ($0.name, $0) }) { a, _ in a }
            let byID = Dictionary(uniqueKeysWithValues: try all.map { (try $0.requireID(), $0) })
            let communities = Dictionary(index.byID.values.filter { $0.kind == PlaceKind.community.rawValue }.map { ($0.name, $0) }) { a, _ in a }
            let root = try await Subdistricts.all(on: db).first { scope.contains($0.path) }
            var problems = ImportProblems()
            var pending: [Pending] = []
            var seen: [String: Int] = [:]
            for row in ledger.rows {
                var org: PartyOrganization?
                if row.has("党组织编号") {
                    do {
                        let id = try Bounded.int(row["党组织编号"], in: 1...Bounded.maxID, label: "党组织编号")
                        org = byID[id].flatMap { scope.contains($0.path) ? $0 : nil }
                        if org == nil { problems.add(row.number, "党组织编号", "党组织编号\(id)不存在或不在您的管辖范围内；新增请留空") }
                    } catch let error as Bounded.Problem { problems.add(row.number, "党组织编号", error.description) }
                }
                var name = ""
                switch TextRule.title("名称").check(row["名称"]) {
                case .success(let text): name = text
                case .failure(let p): problems.add(row.number, "名称", p.description)
                }
                if let other = seen[name] { problems.add(row.number, "名称", "与第\(other)行同名（党组织按名称查找，名称须唯一）") }
                if !name.isEmpty { seen[name] = seen[name] ?? row.number }
                if let same = byName[name], same.id != org?.id { problems.add(row.number, "名称", "已有名为“\(name)”的党组织（编号\(try same.requireID())）") }
                let kind = PartyOrganizationKind(label: row["类型"])
                if kind == nil { problems.add(row.number, "类型", "类型应为：\(PartyOrganizationKind.labels)") }
                // The place it serves: a compound within a community, a community, or the subdistrict.
                var place: PlaceIndex.Entry?
                if row.has("所在社区") {
                    place = communities[row["所在社区"]]
                    if place == nil { problems.add(row.number, "所在社区", "社区“\(row["所在社区"])”不存在或不在您的管辖范围内") }
                    if let community = place, row.has("所在楼院") {
                        place = index.byID.values.first { $0.kind == PlaceKind.compound.rawValue && $0.name == row["所在楼院"] && $0.path.hasPrefix(community.path) }
                        if place == nil { problems.add(row.number, "所在楼院", "楼院“\(row["所在楼院"])”不在\(community.name)") }
                    }
                } else if row.has("所在楼院") {
                    problems.add(row.number, "所在社区", "填写楼院时须同时填写所在社区")
                } else if let root, let id = root.id, let entry = index.byID[id] {
                    place = entry
                } else {
                    problems.add(row.number, "所在社区", "请填写所在社区（您的范围不是整个街道）")
                }
                var founded: String?
                if row.has("成立日期") {
                    if let date = CivilDate(typed: Ledger.dateText(row["成立日期"])) { founded = date.description }
                    else { problems.add(row.number, "成立日期", "成立日期“\(row["成立日期"])”不是有效日期（如2020-07-01）") }
                }
                guard let kind, let place, !name.isEmpty else { continue }
                let target = org ?? PartyOrganization()
                if target.id == nil || target.name != name { target.name = name }
                if target.id == nil || target.kind != kind { target.kind = kind }
                if target.id == nil || target.foundedOn != founded { target.foundedOn = founded }
                if target.id == nil { target.placeID = place.id; target.path = place.path }
                pending.append(Pending(row: row.number, org: target, isNew: org == nil, parentName: row["上级党组织"]))
            }
            // Parents by name: stored ones, or rows of this file; new organisations are written parents first.
            let newByName = Dictionary(pending.filter(\.isNew).map { ($0.org.name, $0) }) { a, _ in a }
            for p in pending where p.isNew {
                if let parent = byName[p.parentName] {
                    if !scope.contains(parent.path) && !scope.overlaps(parent.path) { problems.add(p.row, "上级党组织", "上级党组织“\(p.parentName)”不在您的管辖范围内") }
                } else if newByName[p.parentName] == nil {
                    problems.add(p.row, "上级党组织", p.parentName.isEmpty ? "请填写上级党组织的名称" : "上级党组织“\(p.parentName)”既不在系统中，也不在本文件中")
                } else if cycles(p, newByName) {
                    problems.add(p.row, "上级党组织", "上级关系成环：“\(p.org.name)”不能是自己的上级的上级")
                }
            }
            try problems.throwIfAny()
            var added = 0, updated = 0, unchanged = 0
            var created: [String: PartyOrganization] = [:]
            func create(_ p: Pending) async throws {
                guard p.org.id == nil else { return }
                let parent: PartyOrganization
                if let stored = byName[p.parentName] { parent = stored }
                else {
                    let other = newByName[p.parentName]!
                    try await create(other)
                    parent = created[other.org.name] ?? other.org
                }
                p.org.parentID = parent.id
                try await p.org.create(on: db)
                created[p.org.name] = p.org
                added += 1
            }
            for p in pending {
                if p.isNew { try await create(p) }
                else if p.org.hasChanges { try await p.org.update(on: db); updated += 1 }
                else { unchanged += 1 }
            }
            try await RegistryRevision.bump(on: db)
            let summary = ImportSummary(added: added, updated: updated, unchanged: unchanged, newHouseholds: 0)
            try await record(summary, db)
            return summary
        }
    }

    /// Whether following new parents from `start` comes back to it.
    static func cycles(_ start: Pending, _ newByName: [String: Pending]) -> Bool {
        var current = newByName[start.parentName]
        var steps = 0
        while let p = current, steps <= newByName.count {
            if p.org.name == start.org.name { return true }
            current = newByName[p.parentName]; steps += 1
        }
        return false
    }
}
