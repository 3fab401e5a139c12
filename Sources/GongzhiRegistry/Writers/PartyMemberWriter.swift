import Fluent
import GongzhiCore
import GongzhiKit

/// Who a party member is and what the ledger says of them. One way for the members' form, a resident's
/// "register as party member", a member's own page and the ledger import.
enum PartyMemberWriter {
    /// Sets the identity of the new `member` from their ID number, or returns why it cannot be registered: a resident
    /// of the user's places is linked (their name and numbers are not typed again); anyone else is recorded as an
    /// outside person with the number sealed.
    static func identify(_ member: PartyMember, id: CitizenID, name: String, scope: PlaceScope, vault: PersonalDataVault,
                         on db: any Database) async throws -> FieldProblem? {
        let hashes = vault.searchHashes(id.value)
        if let resident = try await Resident.query(on: db).filter(\.$idHash ~~ hashes).first(), scope.contains(resident.path) {
            if try await PartyMember.query(on: db).filter(\.$residentID == resident.id).first() != nil { return FieldProblem("idNumber", "该居民已登记为党员") }
            member.residentID = resident.id
            return nil
        }
        if try await PartyMember.query(on: db).filter(\.$idHash ~~ hashes).first() != nil { return FieldProblem("idNumber", "该公民身份号码已登记为党员") }
        if let problem = nameProblem(name) { return problem }
        member.name = name.trimmingCharacters(in: .whitespaces); member.gender = id.isMale ? .male : .female
        member.idSealed = vault.seal(id.value); member.idHash = hashes[0]; member.idMasked = id.masked
        return nil
    }

    static func nameProblem(_ name: String) -> FieldProblem? {
        TextRule.personName("非本辖区居民党员的姓名").check(name).failure?.field("name")
    }

    /// The fields a worker types about a member, as a form sends them.
    struct Form: Codable, Sendable {
        var category: String?; var organizationID: String?; var joinedOn: String?; var workplace: String?; var phone: String?
    }

    /// The ledger's facts about a member, checked: category, party organisation (within the user's places), date of
    /// joining, workplace and (for outside persons) phone.
    struct Details: Sendable {
        let category: PartyMemberCategory
        let organization: PartyOrganization
        let joinedOn: CivilDate?
        let workplace: String?
        let phone: PhoneNumber?

        /// The checked details; otherwise throws `AppError.invalid` with every problem by field.
        static func check(_ form: Form, scope: PlaceScope, on db: any Database) async throws -> Details {
            var problems: [FieldProblem] = []
            let category = PartyMemberCategory(rawValue: form.category ?? "")
            if category == nil { problems.append(FieldProblem("category", "请选择党员类别")) }
            let org = try await PartyOrganization.find(form.organizationID, within: scope, path: \.$path, on: db)
            if org == nil { problems.append(FieldProblem("organizationID", "请选择管辖范围内的党组织")) }
            let joinedText = form.joinedOn?.trimmingCharacters(in: .whitespaces) ?? ""
            let joined = CivilDate(typed: joinedText)
            if !joinedText.isEmpty, let problem = CivilDate.joiningProblem(joinedText) { problems.append(FieldProblem("joinedOn", problem)) }
            let phoneText = form.phone?.trimmingCharacters(in: .whitespaces) ?? ""
            let phone = PhoneNumber(phoneText)
            if !phoneText.isEmpty && phone == nil { problems.append(FieldProblem("phone", "联系电话“\(phoneText)”不是有效的手机或固定电话号码")) }
            let workplace = form.workplace?.trimmingCharacters(in: .whitespaces) ?? ""
            if let problem = TextRule.title("工作单位", required: false).check(workplace).failure { problems.append(problem.field("workplace")) }
            guard problems.isEmpty, let category, let org else { throw AppError.invalid(problems) }
            return Details(category: category, organization: org, joinedOn: joined, workplace: workplace.nilIfEmpty, phone: phone)
        }

        /// Writes the details onto `member` (new or stored) and saves it, recounting the places above where it was
        /// and where it is now, in one transaction. A phone left empty keeps the one on record. A stored member is
        /// written only if still at the version `stamp` read.
        func save(_ member: PartyMember, readAt stamp: VersionStamp? = nil, vault: PersonalDataVault, on db: any Database) async throws {
            member.category = category; member.organizationID = try organization.requireID()
            member.joinedOn = joinedOn?.description; member.workplace = workplace
            if let phone { member.phoneSealed = vault.seal(phone.value); member.phoneMasked = phone.masked }
            // Read before the transaction: on SQLite a transaction that reads before it writes can be refused at once
            // ("database is locked") by a concurrent writer, where one that writes first waits its turn.
            let before = try await PartyMemberHomes.settle([(member, organization.path)], on: db)
            try await db.transaction { db in
                if let stamp { try await Versioning.claim(member, readAt: stamp, on: db) }
                try await member.save(on: db)
                try await Rollups.refresh(on: db, above: before + [member.path], .partyMembers)
            }
        }
    }

    /// Takes a member off the ledger (transferred out, deceased) and recounts the places above.
    static func delete(_ member: PartyMember, on db: any Database) async throws {
        try await db.transaction { db in
            try await member.delete(on: db)
            try await Rollups.refresh(on: db, above: [member.path], .partyMembers)
        }
    }
}
