import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import SQLKit

/// The organisations' ledger (单位台账): resident units, two-new organisations, property companies, …
public enum OrganizationLedger {
    static let columns = ["单位编号", "名称", "类型", "所在社区", "地址", "已建党组织", "红色物业"]
    static let required = ["名称", "类型", "所在社区"]
    static let widths = [10, 36, 18, 16, 28, 12, 10]

    public static func export(_ scope: PlaceScope, on db: any Database) async throws -> Data {
        let index = try await PlaceIndex.load(scope, on: db)
        let orgs = try await Organization.query(on: db).within(scope, \.$path).sort(\.$kind).sort(\.$name).all()
        // A unit housed in a building (an office building's tenants) is listed under the building's community.
        let community = { (o: Organization) in PlaceScope.ids(in: o.path).lazy.compactMap { index.byID[$0] }.first { $0.kind == PlaceKind.community.rawValue }?.name ?? "" }
        let rows = try orgs.map { o in
            [String(try o.requireID()), o.name, o.kind.label, community(o), o.address ?? "", o.hasPartyOrganization ? "是" : "否", o.redProperty ? "是" : "否"]
        }
        return try XLSXWriter.workbook(sheetName: "单位台账", header: columns, rows: rows, widths: widths)
    }

    public static func template() throws -> Data {
        try XLSXWriter.template(sheetName: "单位台账", header: columns, instructions: [
            "单位编号：留空表示新增；导出的台账中有编号的行更新该单位",
            "类型：\(OrganizationKind.allCases.map(\.label).joined(separator: "、"))",
            "所在社区：须与系统中社区的名称一致",
            "已建党组织、红色物业：填“是”或“否”；只有物业服务企业可为红色物业",
        ], widths: widths)
    }

    public static func importFile(_ data: Data, scope: PlaceScope, on db: any Database, record: @escaping ImportSummary.Record) async throws -> ImportSummary {
        let ledger = try Ledger(xlsx: data, required: required)
        let index = try await PlaceIndex.load(scope, on: db)
        let communities = Dictionary(index.byID.values.filter { $0.kind == PlaceKind.community.rawValue }.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let existing = Dictionary(uniqueKeysWithValues: try await Organization.query(on: db).all().map { (try $0.requireID(), $0) })
        let byName = Dictionary(try existing.values.map { ($0.name, try $0.requireID()) }, uniquingKeysWith: { a, _ in a })
        var problems = ImportProblems()
        var seenNames: [String: Int] = [:]
        var changes: [(Organization, isNew: Bool)] = []
        for row in ledger.rows {
            var org: Organization?
            if row.has("单位编号") {
                org = Int(row["单位编号"]).flatMap { existing[$0] }
                if org == nil || !scope.contains(org!.path) { problems.add(row.number, "单位编号", "单位编号“\(row["单位编号"])”不存在或不在您的管辖范围内；新增单位请留空") }
            }
            let name = row["名称"]
            if let p = TextRule.title().check(name).failure { problems.add(row.number, "名称", p.description) }
            if let p = TextRule.address().check(row["地址"]).failure { problems.add(row.number, "地址", p.description) }
            if let other = seenNames[name] { problems.add(row.number, "名称", "与第\(other)行的单位同名") }
            seenNames[name] = row.number
            if let owner = byName[name], owner != org?.id { problems.add(row.number, "名称", "已有名为“\(name)”的单位（编号\(owner)）") }
            let kind = OrganizationKind(label: row["类型"])
            if kind == nil { problems.add(row.number, "类型", "类型应为：\(OrganizationKind.labels)") }
            let community = communities[row["所在社区"]]
            if community == nil { problems.add(row.number, "所在社区", "社区“\(row["所在社区"])”不存在或不在您的管辖范围内") }
            var flags: [Bool] = []
            for column in ["已建党组织", "红色物业"] {
                switch row[column] {
                case "", "否", "无", "FALSE": flags.append(false)
                case "是", "有", "TRUE": flags.append(true)
                default: problems.add(row.number, column, "应填“是”或“否”"); flags.append(false)
                }
            }
            if let kind, flags[1], !kind.mayBeRedProperty { problems.add(row.number, "红色物业", "只有物业服务企业可标为红色物业") }
            guard let kind, let community, !name.isEmpty else { continue }
            let target = org ?? Organization()
            target.$name.set(name); target.$kind.set(kind)
            // A unit already housed within the named community (in one of its buildings) stays where it is.
            if org.map({ !$0.path.hasPrefix(community.path) }) ?? true { target.$placeID.set(community.id); target.$path.set(community.path) }
            target.$address.set(row["地址"].nilIfEmpty); target.$hasPartyOrganization.set(flags[0]); target.$redProperty.set(flags[1])
            changes.append((target, org == nil))
        }
        try problems.throwIfAny()
        let pending = changes
        return try await db.transaction { db in
            let summary = try await ImportSummary.save(pending, on: db)
            try await record(summary, db)
            return summary
        }
    }
}
