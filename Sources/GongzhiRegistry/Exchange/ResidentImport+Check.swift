import GongzhiCore
import GongzhiKit

extension ResidentLedger {
    /// A row's ID number cell: read once as the resident rules read it, and a valid number hashed once (under each
    /// configured key while keys rotate; current first).
    struct ParsedID: Sendable {
        let input: ResidentRules.NumberInput
        let hashes: [String]
        var hash: String? { hashes.first }

        init(_ text: String, vault: PersonalDataVault) {
            input = ResidentRules.NumberInput(text)
            if case .valid(let id) = input { hashes = vault.searchHashes(id.value) } else { hashes = [] }
        }
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
        let dwellings: [TextKey: PlaceIndex.Dwelling]
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
            let found = dwellings[TextKey(address)]
            let dwelling = found?.entry
            if dwelling == nil {
                if !knownCommunities.contains(row["社区"]) { problem("社区", "社区“\(row["社区"])”不存在或不在您的管辖范围内") }
                else if !knownCompounds.contains(row["楼院"]) { problem("楼院", "楼院“\(row["楼院"])”不存在于\(row["社区"])") }
                else { problem("房屋", "找不到房屋“\(address)”，请核对楼栋、单元和房号") }
            }
            let code = row["户编号"]
            if HouseholdCode.validate(code) == nil { problem("户编号", HouseholdCode.rule) }
            else if let dwelling, let household = existing.householdsByCode[code], household.path != dwelling.path {
                problem("户编号", "户编号\(code)已登记在其他房屋，不能同时出现在“\(address)”")
            } else if let dwelling, existing.householdsByCode[code] == nil,
                      let community = found?.community, let communityCode = community.code, !code.hasPrefix(communityCode) {
                problem("户编号", "新户编号前12位应为\(community.name)的区划代码\(communityCode)")
            }
            let stored = residentID.flatMap { existing.residents[$0] }
            let input = ResidentRules.Input(name: row["姓名"], number: number.input, phone: .typed(row["联系电话"]),
                                          gender: row["性别"], birthDate: Ledger.dateText(row["出生日期"]), residency: row["居住类型"],
                                          tags: ResidentTag.split(row["标签"]), relation: row["与户主关系"])
            let known = ResidentRules.Stored(id: stored?.id, hasIDNumber: stored?.id_masked != nil, idMasked: stored?.id_masked,
                                           phoneMasked: stored?.phone_masked, gender: stored.flatMap { Gender(rawValue: $0.gender) },
                                           birthDate: stored?.birth_date)
            let (valid, rowProblems) = ResidentRules.check(input, stored: known, holderOfNumber: number.hash.flatMap { existing.ownerOfHash[$0] })
            for p in rowProblems { problem(ResidentRules.Field(rawValue: p.field)?.column ?? p.field, p.message) }
            if case .valid(let id) = number.input { result.idValue = id.value }

            if result.problems.isEmpty, let dwelling, let valid {
                let (phone, keepPhone): (PhoneNumber?, Bool) = switch valid.phone { case .keep: (nil, true); case .clear: (nil, false); case .set(let p): (p, false) }
                result.valid = Valid(row: row.number, residentID: residentID, dwelling: dwelling, householdCode: code, name: valid.name, gender: valid.gender,
                                     birth: valid.birthDate, relation: valid.relation, residency: valid.residency,
                                     tags: valid.tags.map(\.rawValue).joined(separator: ","), nameKey: Collation.key(valid.name), idNumber: valid.idNumber, idHash: number.hash,
                                     phone: phone, keepPhone: keepPhone)
            }
            return result
        }
    }
}
