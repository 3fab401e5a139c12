import GongzhiCore
import GongzhiKit

extension ResidentLedger {
    /// A row's ID number cell: read once, hashed once (under each configured key while keys rotate; current first).
    enum ParsedID: Sendable {
        case valid(CitizenID, hashes: [String])
        case masked(String)
        case invalid(String)
        var hash: String? { if case .valid(_, let hashes) = self { hashes[0] } else { nil } }
        var hashes: [String] { if case .valid(_, let hashes) = self { hashes } else { [] } }
    }

    /// What checking one row on its own found.
    struct RowCheck: Sendable {
        var problems: [(column: String, reason: String)] = []
        var residentID: Int?
        /// The full ID number, for the duplicate check across rows.
        var idValue: String?
        var valid: Valid?
    }

    /// Everything a row is checked against: the places in scope and the stored records the file names.
    struct RowContext: Sendable {
        let index: PlaceIndex
        let dwellings: [TextKey: PlaceIndex.Entry]
        let existing: ExistingRecords
        let knownCommunities: Set<String>
        let knownCompounds: Set<String>

        func check(_ row: Ledger.Row, _ number: ParsedID) -> RowCheck {
            var result = RowCheck()
            func problem(_ column: String, _ reason: String) { result.problems.append((column, reason)) }
            if row.has("居民编号") {
                if let id = Int(row["居民编号"]), existing.residents[id] != nil { result.residentID = id }
                else { problem("居民编号", "居民编号“\(row["居民编号"])”不存在或不在您的管辖范围内；新增居民请留空") }
            }
            let residentID = result.residentID
            let address = PlaceIndex.address(row["社区"], row["楼院"], row["楼栋"], row["单元"], row["房屋"])
            let dwelling = dwellings[TextKey(address)]
            if dwelling == nil {
                if !knownCommunities.contains(row["社区"]) { problem("社区", "社区“\(row["社区"])”不存在或不在您的管辖范围内") }
                else if !knownCompounds.contains(row["楼院"]) { problem("楼院", "楼院“\(row["楼院"])”不存在于\(row["社区"])") }
                else { problem("房屋", "找不到房屋“\(address)”，请核对楼栋、单元和房号") }
            }
            let code = row["户编号"]
            if HouseholdCode.validate(code) == nil { problem("户编号", "户编号应为18位数字") }
            else if let dwelling, let household = existing.householdsByCode[code], household.path != dwelling.path {
                problem("户编号", "户编号\(code)已登记在其他房屋，不能同时出现在“\(address)”")
            } else if let dwelling, existing.householdsByCode[code] == nil,
                      let community = index.community(along: dwelling.path), let communityCode = community.code, !code.hasPrefix(communityCode) {
                problem("户编号", "新户编号前12位应为\(community.name)的区划代码\(communityCode)")
            }
            let name = row["姓名"]
            if let p = TextRule.personName().check(name).failure { problem("姓名", p.description) }
            if let p = TextRule.relation.check(row["与户主关系"]).failure { problem("与户主关系", p.description) }

            let stored = residentID.flatMap { existing.residents[$0] }
            var idNumber: CitizenID?
            switch number {
            case .masked(let text):
                if stored == nil || stored?.id_masked != text { problem("公民身份号码", "遮蔽的号码只能用于原样导回已有居民；新增或更改请填写完整号码") }
            case .invalid(let reason): problem("公民身份号码", reason)
            case .valid(let id, let hashes):
                let hash = hashes[0]
                idNumber = id
                result.idValue = id.value
                if let owner = existing.ownerOfHash[hash], owner != residentID { problem("公民身份号码", "该公民身份号码已登记在另一位居民名下") }
            }
            var gender = stored.flatMap { Gender(rawValue: $0.gender) } ?? .male
            var birth = stored?.birth_date
            if let idNumber { gender = idNumber.isMale ? .male : .female; birth = idNumber.birthDate.description }
            if row.has("性别") {
                if let given = Gender(label: row["性别"]) { if idNumber != nil && given != gender { problem("性别", "性别与公民身份号码不符（号码显示为\(gender.label)）") } }
                else { problem("性别", "性别应为“男”或“女”") }
            }
            if row.has("出生日期") {
                let text = Ledger.dateText(row["出生日期"])
                if let date = CivilDate(typed: text) {
                    if let idNumber, date != idNumber.birthDate { problem("出生日期", "出生日期与公民身份号码不符（号码显示为\(idNumber.birthDate)）") }
                } else { problem("出生日期", "出生日期“\(row["出生日期"])”不是有效日期（格式YYYY-MM-DD）") }
            }
            var phone: PhoneNumber?
            let phoneText = row["联系电话"]
            let keepPhone = phoneText.contains(ascii: "*") && stored?.phone_masked == phoneText
            if phoneText.contains(ascii: "*") && !keepPhone { problem("联系电话", "遮蔽的电话只能用于原样导回已有居民") }
            else if !phoneText.isEmpty && !keepPhone {
                phone = PhoneNumber(phoneText)
                if phone == nil { problem("联系电话", "联系电话“\(phoneText)”不是有效的手机或固定电话号码") }
            }
            let residency = row.has("居住类型") ? Residency(label: row["居住类型"]) : .registered
            if residency == nil { problem("居住类型", "居住类型应为：\(Residency.labels)") }
            var tags: [ResidentTag] = []
            do { tags = try ResidentTag.parse(row["标签"]) } catch { problem("标签", "未知标签“\(error.text)”，可用：\(ResidentTag.labels)") }

            if result.problems.isEmpty, let dwelling, let residency {
                result.valid = Valid(row: row.number, residentID: residentID, dwelling: dwelling, householdCode: code, name: name, gender: gender,
                                     birth: birth, relation: row["与户主关系"], residency: residency, tags: tags.map(\.rawValue).joined(separator: ","),
                                     idNumber: idNumber, idHash: number.hash, phone: phone, keepPhone: keepPhone)
            }
            return result
        }
    }
}
