import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import SQLKit

/// The residents' ledger (居民台账) as an .xlsx file: exported, edited in Excel or LibreOffice, imported again.
/// A row with a 居民编号 updates that resident; a row without one adds a resident.
public enum ResidentLedger {
    static let columns = ["居民编号", "社区", "楼院", "楼栋", "单元", "房屋", "户编号", "与户主关系", "姓名", "性别",
                          "出生日期", "公民身份号码", "联系电话", "居住类型", "标签"]
    static let required = ["社区", "楼院", "楼栋", "单元", "房屋", "户编号", "姓名", "公民身份号码"]
    static let widths = [10, 16, 18, 8, 8, 8, 22, 10, 10, 6, 12, 22, 15, 10, 18]

    struct Row: Decodable {
        let id: Int; let path: String; let code: String; let relation: String; let name: String; let gender: String
        let birth_date: String?; let id_masked: String?; let phone_masked: String?; let residency: String; let tags: String
        let id_sealed: String?; let phone_sealed: String?
    }

    /// Every resident within `scope`, numbers masked; in full only when `unmasking` is given (a granted, audited export).
    public static func export(_ scope: PlaceScope, unmasking vault: PersonalDataVault? = nil, on db: any Database) async throws -> Data {
        let index = try await PlaceIndex.load(scope, on: db)
        let rows = try await db.sql.select()
            .columns(SQLColumn("id", table: "r"), SQLColumn("path", table: "r"), SQLColumn("code", table: "h"))
            .columns("relation", "name", "gender", "birth_date", "id_masked", "phone_masked", "residency", "tags")
            .columns(vault == nil ? [SQLAlias(SQLLiteral.null, as: SQLIdentifier("id_sealed")), SQLAlias(SQLLiteral.null, as: SQLIdentifier("phone_sealed"))]
                                  : [SQLColumn("id_sealed", table: "r"), SQLColumn("phone_sealed", table: "r")])
            .from(SQLAlias(SQLIdentifier(Resident.schema), as: SQLIdentifier("r")))
            .join(SQLAlias(SQLIdentifier(Household.schema), as: SQLIdentifier("h")), on: SQLColumn("household_id", table: "r"), .equal, SQLColumn("id", table: "h"))
            .where(scope.predicate("path", table: "r"))
            .orderBy(SQLColumn("path", table: "r")).orderBy(SQLColumn("household_id", table: "r")).orderBy(SQLColumn("id", table: "r"))
            .all(decoding: Row.self)
        let cells = try rows.map { r -> [String] in
            let n = index.names(along: r.path)
            let idNumber = try vault.flatMap { v in try r.id_sealed.map(v.open) } ?? r.id_masked ?? ""
            let phone = try vault.flatMap { v in try r.phone_sealed.map(v.open) } ?? r.phone_masked ?? ""
            return [String(r.id), n[.community] ?? "", n[.compound] ?? "", n[.building] ?? "", n[.entrance] ?? "", n[.dwelling] ?? "",
                    r.code, r.relation, r.name, Gender(rawValue: r.gender)?.label ?? "", r.birth_date ?? "", idNumber, phone, Residency(rawValue: r.residency)?.label ?? "",
                    r.tags.split(separator: ",").compactMap { ResidentTag(rawValue: String($0))?.label }.joined(separator: "、")]
        }
        return try XLSXWriter.workbook(sheetName: "居民台账", header: columns, rows: cells, widths: widths)
    }

    /// An empty ledger: the header row and rows of instructions (never imported), one per column to fill.
    public static func template() throws -> Data {
        try XLSXWriter.template(sheetName: "居民台账", header: columns, instructions: [
            "居民编号：留空表示新增居民；导出的台账中有编号的行更新该居民",
            "社区、楼院、楼栋、单元、房屋：须与系统中的地址名称一致（先在“地址”或地址台账中建好）",
            "户编号：18位数字，前12位为所在社区的区划代码，后6位为户号；同户居民填同一户编号",
            "与户主关系：如户主、配偶、子女，最多10字",
            "公民身份号码：18位，请先把该列设为“文本”格式再输入（否则Excel会丢掉后几位）；性别、出生日期由号码得出，可不填",
            "出生日期：可写1980-03-12、1980/3/12、1980.3.12、1980年3月12日或19800312",
            "居住类型：\(Residency.labels)；标签可填多个，用顿号分隔：\(ResidentTag.labels)",
        ], widths: widths)
    }
}
