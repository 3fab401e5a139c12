import Fluent
import GongzhiKit

/// Where a party member is counted and whose places they lie in: a member who is a resident where they live (so a
/// building's and a compound's figures include the members living there, and the building-group leader sees them);
/// a member who is not (an outside person) at their organisation's place. See docs/GLOSSARY.md, "Party member".
enum PartyMemberHomes {
    /// Sets each member's path: their home if they are a resident, else `organizationPath`. Returns the paths before.
    @discardableResult
    static func settle(_ members: [(member: PartyMember, organizationPath: String)], on db: any Database) async throws -> [String] {
        let ids = members.compactMap(\.member.residentID)
        let homes = ids.isEmpty ? [:] : Dictionary(try await Resident.query(on: db).filter(\.$id ~~ ids).all().map { (try $0.requireID(), $0.path) },
                                                   uniquingKeysWith: { first, _ in first })
        var before: [String] = []
        for (member, organizationPath) in members {
            if let old = member.$path.value { before.append(old) }
            member.$path.set(member.residentID.flatMap { homes[$0] } ?? organizationPath)
        }
        return before
    }

    /// A resident who moves house takes their party membership along: its path, and so the places that count it.
    static let followResidents = ResidentDependent(
        name: "党员台账",
        holding: { _, _ in [] },  // a member's resident is refused removal by `ResidentWriter.delete`, with its own message
        moved: { db, paths in
            let members = try await PartyMember.query(on: db).filter(\.$residentID ~~ Array(paths.keys)).all()
            guard !members.isEmpty else { return }
            var touched: [String] = []
            for member in members {
                guard let residentID = member.residentID, let path = paths[residentID], path != member.path else { continue }
                touched += [member.path, path]
                member.path = path
                try await member.update(on: db)
            }
            try await Rollups.refresh(on: db, above: touched, .partyMembers)
        })
}
