import Fluent
import GongzhiCore
import GongzhiKit

// What a person sees of each record with an edit page, to say what someone else changed meanwhile (`Versioned`).

extension Resident: Versioned {
    func snapshot(on db: any Database) async throws -> [String: String] {
        ["姓名": name, "公民身份号码": idMasked ?? "", "联系电话": phoneMasked ?? "", "性别": gender.label, "出生日期": birthDate ?? "",
         "居住类型": residency.label, "标签": tagList.map(\.label).joined(separator: "、"), "与户主关系": relation]
    }
}

extension Place: Versioned {
    func snapshot(on db: any Database) async throws -> [String: String] {
        let company = try await propertyCompanyID.asyncMap { try await Organization.find($0, on: db) } ?? nil
        return ["名称": name, "区划代码": code ?? "", "面积": area.map { ChineseNumber.decimal($0) } ?? "", "管理类型": managementType?.label ?? "",
                "物业服务企业": company?.name ?? "", "改造状态": renovationStatus ?? ""]
    }
}

extension PartyMember: Versioned {
    func snapshot(on db: any Database) async throws -> [String: String] {
        let organization = try await PartyOrganization.find(organizationID, on: db)
        return ["类别": category.label, "所在党组织": organization?.name ?? "", "入党日期": joinedOn ?? "", "工作单位": workplace ?? "",
                "姓名": name ?? "", "联系电话": phoneMasked ?? ""]
    }
}

extension PartyOrganization: Versioned {
    func snapshot(on db: any Database) async throws -> [String: String] {
        ["名称": name, "类型": kind.label, "成立日期": foundedOn ?? ""]
    }
}

extension Organization: Versioned {
    func snapshot(on db: any Database) async throws -> [String: String] {
        ["名称": name, "类型": kind.label, "地址": address ?? "", "联系人": contact ?? "", "已建党组织": hasPartyOrganization ? "是" : "否",
         "红色物业": redProperty ? "是" : "否"]
    }
}

extension Facility: Versioned {
    func snapshot(on db: any Database) async throws -> [String: String] {
        ["名称": name, "类型": kind.label, "面积（平方米）": areaM2.map { ChineseNumber.decimal($0) } ?? "", "启用日期": openedOn ?? ""]
    }
}
