import Fluent
import GongzhiCore
import GongzhiKit

/// Who a new party member is, from their ID number: a resident of the user's places is linked (their name and numbers
/// are not typed again); anyone else is recorded as an outside person with the number sealed. One way for the form
/// and the ledger import.
enum PartyMemberWriter {
    /// Sets the identity of the new `member`, or returns why it cannot be registered.
    static func identify(_ member: PartyMember, id: CitizenID, name: String, scope: PlaceScope, vault: PersonalDataVault,
                         on db: any Database) async throws -> FieldProblem? {
        let hashes = vault.searchHashes(id.value)
        if let resident = try await Resident.query(on: db).filter(\.$idHash ~~ hashes).first(), scope.contains(resident.path) {
            if try await PartyMember.query(on: db).filter(\.$residentID == resident.id).first() != nil { return FieldProblem("idNumber", "该居民已登记为党员") }
            member.residentID = resident.id
            return nil
        }
        if try await PartyMember.query(on: db).filter(\.$idHash ~~ hashes).first() != nil { return FieldProblem("idNumber", "该公民身份号码已登记为党员") }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 40 else { return FieldProblem("name", "非本辖区居民的党员须填写姓名（最多40字）") }
        member.name = trimmed; member.gender = id.isMale ? .male : .female
        member.idSealed = vault.seal(id.value); member.idHash = hashes[0]; member.idMasked = id.masked
        return nil
    }
}
