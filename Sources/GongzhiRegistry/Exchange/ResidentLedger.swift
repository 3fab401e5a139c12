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

    /// An empty ledger with the header row and one example row to overwrite.
    public static func template() throws -> Data {
        try XLSXWriter.workbook(sheetName: "居民台账", header: columns, rows: [
            ["", "通信花园社区", "纬五路13号院", "1号楼", "1单元", "101", "410105004001019999", "户主", "示例姓名", "女",
             "1949-12-31", "11010519491231002X", "13800000000", "户籍", "老年人、低保"],
        ], widths: widths)
    }
}
