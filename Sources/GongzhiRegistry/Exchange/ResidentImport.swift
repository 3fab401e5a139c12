import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import SQLKit

public struct ImportSummary: Codable, Sendable {
    public let added: Int
    public let updated: Int
    public let unchanged: Int
    public let newHouseholds: Int

    /// Creates the new records and updates the changed ones of a validated file, counting each.
    static func save<M: Model>(_ pending: [(M, isNew: Bool)], on db: any Database) async throws -> ImportSummary {
        var added = 0, updated = 0, unchanged = 0
        for (record, isNew) in pending {
            if isNew { try await record.create(on: db); added += 1 }
            else if record.hasChanges { try await record.update(on: db); updated += 1 }
            else { unchanged += 1 }
        }
        return ImportSummary(added: added, updated: updated, unchanged: unchanged, newHouseholds: 0)
    }
}

extension ResidentLedger {
    /// A validated row, ready to write.
    struct Valid {
        let row: Int; let residentID: Int?; let dwelling: PlaceIndex.Entry; let householdCode: String
        let name: String; let gender: Gender; let birth: String?; let relation: String; let residency: Residency; let tags: String
        /// nil: keep what is stored (the cell held the masked form).
        let idNumber: CitizenID?; let phone: PhoneNumber?; let keepPhone: Bool
    }

    struct Existing: Decodable { let id: Int; let household_id: Int; let path: String; let name: String; let gender: String; let birth_date: String?
        let id_masked: String?; let phone_masked: String?; let residency: String; let tags: String; let relation: String }

    /// Validates every row, and writes only if none has a problem: all or nothing.
    public static func importFile(_ data: Data, scope: PlaceScope, vault: PersonalDataVault, on db: any Database) async throws -> ImportSummary {
        let ledger = try Ledger(xlsx: data, required: required)
        let index = try await PlaceIndex.load(scope, on: db)
        let dwellings = index.dwellingsByAddress()
        let existing = try await loadExisting(ledger, scope: scope, vault: vault, on: db)
        var problems = ImportProblems()
        var valid: [Valid] = []
        var seenIDs: [String: Int] = [:]
        var seenResidents = Set<Int>()
        let knownCommunities = index.knownNames(.community), knownCompounds = index.knownNames(.compound)
        for row in ledger.rows {
            let before = problems.list.count
            var residentID: Int?
            if row.has("居民编号") {
                if let id = Int(row["居民编号"]), existing.residents[id] != nil {
                    residentID = id
                    if !seenResidents.insert(id).inserted { problems.add(row.number, "居民编号", "居民编号\(id)在文件中出现了不止一次") }
                } else { problems.add(row.number, "居民编号", "居民编号“\(row["居民编号"])”不存在或不在您的管辖范围内；新增居民请留空") }
            }
            let address = PlaceIndex.address(row["社区"], row["楼院"], row["楼栋"], row["单元"], row["房屋"])
            let dwelling = dwellings[address]
            if dwelling == nil {
                if !knownCommunities.contains(row["社区"]) { problems.add(row.number, "社区", "社区“\(row["社区"])”不存在或不在您的管辖范围内") }
                else if !knownCompounds.contains(row["楼院"]) { problems.add(row.number, "楼院", "楼院“\(row["楼院"])”不存在于\(row["社区"])") }
                else { problems.add(row.number, "房屋", "找不到房屋“\(address)”，请核对楼栋、单元和房号") }
            }
            let code = row["户编号"]
            if HouseholdCode.validate(code) == nil { problems.add(row.number, "户编号", "户编号应为18位数字") }
            else if let dwelling, let household = existing.householdsByCode[code], household.path != dwelling.path {
                problems.add(row.number, "户编号", "户编号\(code)已登记在其他房屋，不能同时出现在“\(address)”")
            } else if let dwelling, existing.householdsByCode[code] == nil,
                      let community = index.community(along: dwelling.path), let communityCode = community.code, !code.hasPrefix(communityCode) {
                problems.add(row.number, "户编号", "新户编号前12位应为\(community.name)的区划代码\(communityCode)")
            }
            let name = row["姓名"]
            if name.isEmpty || name.count > 40 { problems.add(row.number, "姓名", name.isEmpty ? "姓名不能为空" : "姓名过长（最多40字）") }

            let stored = residentID.flatMap { existing.residents[$0] }
            var idNumber: CitizenID?
            let idText = row["公民身份号码"]
            if idText.contains("*") {
                if stored == nil || stored?.id_masked != idText { problems.add(row.number, "公民身份号码", "遮蔽的号码只能用于原样导回已有居民；新增或更改请填写完整号码") }
            } else {
                do {
                    let id = try CitizenID(idText)
                    idNumber = id
                    if let other = seenIDs[id.value] { problems.add(row.number, "公民身份号码", "与第\(other)行的公民身份号码重复") }
                    seenIDs[id.value] = row.number
                    if let owner = existing.ownerOfHash[existing.hashes[id.value] ?? ""], owner != residentID {
                        problems.add(row.number, "公民身份号码", "该公民身份号码已登记在另一位居民名下")
                    }
                } catch { problems.add(row.number, "公民身份号码", error.description) }
            }
            var gender = stored.flatMap { Gender(rawValue: $0.gender) } ?? .male
            var birth = stored?.birth_date
            if let idNumber { gender = idNumber.isMale ? .male : .female; birth = idNumber.birthDate.description }
            if row.has("性别") {
                if let given = Gender(label: row["性别"]) { if idNumber != nil && given != gender { problems.add(row.number, "性别", "性别与公民身份号码不符（号码显示为\(gender.label)）") } }
                else { problems.add(row.number, "性别", "性别应为“男”或“女”") }
            }
            if row.has("出生日期") {
                let text = Ledger.dateText(row["出生日期"])
                if let date = CivilDate(yyyymmdd: text) {
                    if let idNumber, date != idNumber.birthDate { problems.add(row.number, "出生日期", "出生日期与公民身份号码不符（号码显示为\(idNumber.birthDate)）") }
                } else { problems.add(row.number, "出生日期", "出生日期“\(row["出生日期"])”不是有效日期（格式YYYY-MM-DD）") }
            }
            var phone: PhoneNumber?
            let phoneText = row["联系电话"]
            let keepPhone = phoneText.contains("*") && stored?.phone_masked == phoneText
            if phoneText.contains("*") && !keepPhone { problems.add(row.number, "联系电话", "遮蔽的电话只能用于原样导回已有居民") }
            else if !phoneText.isEmpty && !keepPhone {
                phone = PhoneNumber(phoneText)
                if phone == nil { problems.add(row.number, "联系电话", "联系电话“\(phoneText)”不是有效的手机或固定电话号码") }
            }
            let residency = row.has("居住类型") ? Residency(label: row["居住类型"]) : .registered
            if residency == nil { problems.add(row.number, "居住类型", "居住类型应为：\(Residency.labels)") }
            var tags: [ResidentTag] = []
            do { tags = try ResidentTag.parse(row["标签"]) } catch { problems.add(row.number, "标签", "未知标签“\(error.text)”，可用：\(ResidentTag.labels)") }

            if problems.list.count == before, let dwelling, let residency {
                valid.append(Valid(row: row.number, residentID: residentID, dwelling: dwelling, householdCode: code, name: name, gender: gender,
                                   birth: birth, relation: row["与户主关系"], residency: residency, tags: tags.map(\.rawValue).joined(separator: ","),
                                   idNumber: idNumber, phone: phone, keepPhone: keepPhone))
            }
        }
        try problems.throwIfAny()
        return try await write(valid, existing: existing, vault: vault, on: db)
    }
}
