import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import SQLKit

/// The party members' ledger (党员台账). A member whose ID number belongs to a resident in scope is linked to
/// that resident (name and numbers are not typed twice); anyone else is recorded as an outside person.
public enum PartyMemberLedger {
    static let columns = ["党员编号", "姓名", "公民身份号码", "类别", "所在党组织", "入党日期", "工作单位", "联系电话"]
    static let required = ["姓名", "公民身份号码", "类别", "所在党组织"]
    static let widths = [10, 10, 22, 12, 36, 12, 28, 15]

    public static func export(_ scope: PlaceScope, on db: any Database) async throws -> Data {
        let rows = try await PartyQueries.members(.init(), scope: scope, list: nil, on: db).rows
        let cells = rows.map { m in
            [String(m.id), m.name ?? "", m.id_masked ?? "", PartyMemberCategory(rawValue: m.category)?.label ?? "", m.organization,
             m.joined_on ?? "", m.workplace ?? "", m.phone_masked ?? ""]
        }
        return try XLSXWriter.workbook(sheetName: "党员台账", header: columns, rows: cells, widths: widths)
    }

    public static func template() throws -> Data {
        try XLSXWriter.template(sheetName: "党员台账", header: columns, instructions: [
            "党员编号：留空表示新增；导出的台账中有编号的行更新该党员",
            "公民身份号码：请先把该列设为“文本”格式；号码属于本辖区居民的自动关联该居民，其他人登记为非居民党员",
            "类别：\(PartyMemberCategory.allCases.map(\.label).joined(separator: "、"))",
            "所在党组织：须与系统中党组织的名称完全一致（先建党组织，或导入党组织台账）",
            "入党日期：可写1975-07-01、1975/7/1、1975年7月1日或19750701",
        ], widths: widths)
    }

    public static func importFile(_ data: Data, scope: PlaceScope, vault: PersonalDataVault, on db: any Database,
                                  record: @escaping ImportSummary.Record) async throws -> ImportSummary {
        let ledger = try Ledger(xlsx: data, required: required)
        let orgs = try await PartyOrganization.query(on: db).within(scope, \.$path).all()
        let orgByName = Dictionary(orgs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let existing = Dictionary(uniqueKeysWithValues: try await PartyMember.query(on: db).within(scope, \.$path).all().map { (try $0.requireID(), $0) })
        var problems = ImportProblems()
        var changes: [(PartyMember, isNew: Bool)] = []
        var settling: [(member: PartyMember, organizationPath: String)] = []
        var touched = Set<String>()
        var seen: [String: Int] = [:]
        for row in ledger.rows {
            var member: PartyMember?
            if row.has("党员编号") {
                member = Int(row["党员编号"]).flatMap { existing[$0] }
                if member == nil { problems.add(row.number, "党员编号", "党员编号“\(row["党员编号"])”不存在或不在您的管辖范围内；新增党员请留空") }
            }
            let category = PartyMemberCategory(label: row["类别"])
            if category == nil { problems.add(row.number, "类别", "类别应为：\(PartyMemberCategory.labels)") }
            let org = orgByName[row["所在党组织"]]
            if org == nil { problems.add(row.number, "所在党组织", "党组织“\(row["所在党组织"])”不存在或不在您的管辖范围内") }
            if let p = TextRule.title("工作单位", required: false).check(row["工作单位"]).failure { problems.add(row.number, "工作单位", p.description) }
            let joinedText = Ledger.dateText(row["入党日期"])
            let joined = joinedText.isEmpty ? nil : CivilDate(typed: joinedText)
            if !joinedText.isEmpty, let problem = CivilDate.joiningProblem(joinedText) { problems.add(row.number, "入党日期", problem) }
            var phone: PhoneNumber?
            if !row["联系电话"].isEmpty && !row["联系电话"].contains(ascii: "*") {
                phone = PhoneNumber(row["联系电话"])
                if phone == nil { problems.add(row.number, "联系电话", "不是有效的电话号码") }
            }
            var id: CitizenID?
            let idText = row["公民身份号码"]
            if idText.contains(ascii: "*") {
                if member == nil { problems.add(row.number, "公民身份号码", "新增党员须填写完整的公民身份号码") }
            } else {
                do { id = try CitizenID(idText) } catch { problems.add(row.number, "公民身份号码", error.description) }
            }
            if let id {
                if let other = seen[id.value] { problems.add(row.number, "公民身份号码", "与第\(other)行重复") }
                seen[id.value] = row.number
            }
            guard let category, let org else { continue }
            let target = member ?? PartyMember()
            if member == nil, let id,
               let problem = try await PartyMemberWriter.identify(target, id: id, name: row["姓名"], scope: scope, vault: vault, on: db) {
                problems.add(row.number, problem.field == "name" ? "姓名" : "公民身份号码", problem.message); continue
            }
            target.$category.set(category); target.$organizationID.set(try org.requireID())
            settling.append((target, org.path))
            target.$joinedOn.set(joined?.description); target.$workplace.set(row["工作单位"].nilIfEmpty)
            // A full number typed in the sheet is taken as given (the stored one is sealed); the masked form keeps it.
            if let phone { target.phoneSealed = vault.seal(phone.value); target.phoneMasked = phone.masked }
            changes.append((target, member == nil))
        }
        try problems.throwIfAny()
        touched.formUnion(try await PartyMemberHomes.settle(settling, on: db))
        touched.formUnion(settling.map(\.member.path))
        let (pending, paths) = (changes, Array(touched))
        return try await db.transaction { db in
            let summary = try await ImportSummary.save(pending, on: db)
            try await Rollups.refresh(on: db, above: paths)
            try await record(summary, db)
            return summary
        }
    }
}
