import Fluent
import GongzhiCore
import GongzhiKit

/// Adding, changing and removing one resident; the same rules as the Excel import, field by field.
enum ResidentWriter {
    /// A resident as a form or the API sends it.
    struct Input: Sendable {
        var name: String
        /// Empty: keep the stored number.
        var idNumber: String
        /// Empty: keep the stored number; `clearPhone` removes it.
        var phone: String
        var clearPhone: Bool
        /// Read only without an ID number, typed or stored (the form shows them only then); otherwise they come from the number.
        var gender: String
        var birthDate: String
        var residency: String
        var tags: [String]
        var relation: String
    }

    /// Applies `input` to `resident` (new or stored) by the rules of `ResidentRules`, or throws the problems by field.
    static func apply(_ input: Input, to resident: Resident, vault: PersonalDataVault, on db: any Database) async throws {
        let number = ResidentRules.NumberInput(input.idNumber)
        var holder: Int?
        if case .valid(let id) = number {
            holder = try await Resident.query(on: db).filter(\.$idHash ~~ vault.searchHashes(id.value)).first()?.requireID()
        }
        // The form offers gender and birth date only while there is no number, typed or stored.
        let offersGender = number.isEmpty && resident.idHash == nil
        let row = ResidentRules.Input(name: input.name, number: number,
                                    phone: input.clearPhone ? .clear : input.phone.trimmingCharacters(in: .whitespaces).isEmpty ? .keep : .typed(input.phone),
                                    gender: offersGender ? input.gender : "", birthDate: offersGender ? input.birthDate : "",
                                    residency: input.residency, tags: input.tags, relation: input.relation)
        let stored = ResidentRules.Stored(id: resident.id, hasIDNumber: resident.idHash != nil, idMasked: resident.idMasked, phoneMasked: resident.phoneMasked,
                                        gender: resident.id == nil ? nil : resident.gender, birthDate: resident.birthDate)
        let (valid, problems) = ResidentRules.check(row, stored: stored, holderOfNumber: holder)
        guard let valid else { throw AppError.invalid(problems) }
        resident.name = valid.name
        resident.gender = valid.gender
        resident.birthDate = valid.birthDate
        if let id = valid.idNumber { resident.idSealed = vault.seal(id.value); resident.idHash = vault.searchHash(id.value); resident.idMasked = id.masked }
        switch valid.phone {
        case .keep: break
        case .clear: resident.phoneSealed = nil; resident.phoneMasked = nil
        case .set(let phone): resident.phoneSealed = vault.seal(phone.value); resident.phoneMasked = phone.masked
        }
        resident.residency = valid.residency
        resident.tags = valid.tags.map(\.rawValue).joined(separator: ",")
        resident.relation = valid.relation
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
        guard HouseholdCode.validate(code) != nil else { throw AppError.invalid("householdCode", HouseholdCode.rule) }
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
