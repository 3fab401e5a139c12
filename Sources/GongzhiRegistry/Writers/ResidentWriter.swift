import Fluent
import GongzhiCore
import GongzhiKit

/// Adding, changing and removing one resident; the same rules as the Excel import, field by field.
enum ResidentWriter {
    struct Input: Sendable {
        var name: String
        /// Empty: keep the stored number.
        var idNumber: String
        /// Empty: keep the stored number; `clearPhone` removes it.
        var phone: String
        var clearPhone: Bool
        var gender: String
        var birthDate: String
        var residency: String
        var tags: [String]
        var relation: String
    }

    /// Applies `input` to `resident` (new or stored), or throws the problems by field.
    static func apply(_ input: Input, to resident: Resident, vault: PersonalDataVault, on db: any Database) async throws {
        var problems: [FieldProblem] = []
        let name = TextRule.personName().check(input.name, field: "name", into: &problems) ?? ""
        let relation = TextRule.relation.check(input.relation, field: "relation", into: &problems) ?? ""
        var id: CitizenID?
        if !input.idNumber.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                let parsed = try CitizenID(input.idNumber)
                let holder = try await Resident.query(on: db).filter(\.$idHash ~~ vault.searchHashes(parsed.value)).first()
                if let holder, holder.id != resident.id { problems.append(.conflict("idNumber", "该公民身份号码已登记在另一位居民名下")) }
                id = parsed
            } catch let error as CitizenIDError { problems.append(FieldProblem("idNumber", error.description)) }
        } else if resident.idHash == nil && resident.id == nil {
            problems.append(FieldProblem("idNumber", "新增居民须填写公民身份号码"))
        }
        var phone: PhoneNumber?
        if !input.phone.isEmpty {
            phone = PhoneNumber(input.phone)
            if phone == nil { problems.append(FieldProblem("phone", "不是有效的手机或固定电话号码")) }
        }
        let residency = Residency(rawValue: input.residency)
        if residency == nil { problems.append(FieldProblem("residency", "请选择居住类型")) }
        var seen = Set<String>()
        let given = input.tags.filter { seen.insert($0).inserted }
        let tags = given.compactMap(ResidentTag.init(rawValue:))
        if tags.count != given.count { problems.append(FieldProblem("tags", "标签无效")) }
        var gender = resident.id == nil ? nil : resident.gender
        var birth = resident.birthDate
        if let id { gender = id.isMale ? .male : .female; birth = id.birthDate.description }
        else if resident.idHash == nil {
            gender = Gender(rawValue: input.gender)
            if gender == nil { problems.append(FieldProblem("gender", "请选择性别")) }
            if let date = CivilDate(typed: input.birthDate) { birth = date.description }
            else { problems.append(FieldProblem("birthDate", "出生日期格式应为YYYY-MM-DD")) }
        }
        guard problems.isEmpty, let residency, let gender else { throw AppError.invalid(problems) }
        resident.name = name
        resident.gender = gender
        resident.birthDate = birth
        if let id { resident.idSealed = vault.seal(id.value); resident.idHash = vault.searchHash(id.value); resident.idMasked = id.masked }
        if let phone { resident.phoneSealed = vault.seal(phone.value); resident.phoneMasked = phone.masked }
        else if input.clearPhone { resident.phoneSealed = nil; resident.phoneMasked = nil }
        resident.residency = residency
        resident.tags = tags.map(\.rawValue).joined(separator: ",")
        resident.relation = relation
    }

    static func create(_ input: Input, in household: Household, vault: PersonalDataVault, on db: any Database) async throws -> Resident {
        let resident = Resident()
        resident.householdID = try household.requireID()
        resident.path = household.path
        try await apply(input, to: resident, vault: vault, on: db)
        try await db.transaction { db in
            try await resident.create(on: db)
            try await Rollups.refresh(on: db, above: [household.path], .people)
        }
        return resident
    }

    /// Changes a resident read at `stamp`; refused with what changed meanwhile if someone saved first.
    static func update(_ resident: Resident, _ input: Input, readAt stamp: VersionStamp, vault: PersonalDataVault, on db: any Database) async throws {
        try await Versioning.check(resident, readAt: stamp, on: db)
        try await apply(input, to: resident, vault: vault, on: db)
        try await resident.update(readAt: stamp, on: db)
    }

    /// Moves a resident to another household within the user's places (moved house within the subdistrict); the
    /// records other modules keep about them move along, and both places are recounted.
    static func move(_ resident: Resident, toHousehold code: String, readAt stamp: VersionStamp, scope: PlaceScope, dependents: [ResidentDependent],
                     on db: any Database) async throws {
        try await Versioning.check(resident, readAt: stamp, on: db)
        let code = code.trimmingCharacters(in: .whitespaces)
        guard code.count == 18, code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber) else {
            throw AppError.invalid("householdCode", "户编号“\(code)”应为18位数字（12位区划代码 + 2位组号 + 4位户号）")
        }
        guard let household = try await Household.query(on: db).filter(\.$code == code).first(), scope.contains(household.path) else {
            throw AppError.invalid("householdCode", "户编号“\(code)”不存在或不在您的管辖范围内")
        }
        guard household.id != resident.householdID else { throw AppError.invalid("householdCode", "该居民已在此户") }
        let from = resident.path
        try await db.transaction { db in
            try await Versioning.claim(resident, readAt: stamp, on: db)
            resident.householdID = try household.requireID(); resident.path = household.path
            try await resident.update(on: db)
            try await dependents.moved([try resident.requireID(): household.path], on: db)
            try await Rollups.refresh(on: db, above: [from, household.path], .people)
        }
    }

    /// Removes a resident who moved away or died. A resident who is also a party member is transferred in the party
    /// ledger first; one that another module still holds (a veteran) is dealt with there first.
    static func delete(_ resident: Resident, dependents: [ResidentDependent], on db: any Database) async throws {
        try await db.transaction { db in
            if try await PartyMember.query(on: db).filter(\.$residentID == resident.id).count() > 0 {
                throw AppError.conflict("该居民同时登记为党员，请先在党员台账中转出或改为非居民党员")
            }
            try await dependents.checkRemovable(try resident.requireID(), on: db)
            try await resident.delete(on: db)
            try await Rollups.refresh(on: db, above: [resident.path], .people)
        }
    }
}
