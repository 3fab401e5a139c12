import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import Vapor

/// People of the registry as users: a community worker issues the one-time code by which a resident, a party member
/// or a unit's contact within their places makes their own sign-in (a slip to print and hand over), and a person
/// signed in as themselves sees their own record ("mine"). See docs/GLOSSARY.md, "Accounts of people".
struct PeopleController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let issuers = routes.allow(Role.codeIssuers)
        issuers.post(RegistryPaths.residentSignUpCode, use: residentCode)
        issuers.post(RegistryPaths.placeInvitations, use: invitations)
        issuers.post(RegistryPaths.partyMemberSignUpCode, use: memberCode)
        issuers.post(RegistryPaths.organizationSignUpCode, use: unitCode)
        routes.allow(Role.people).get(RegistryPaths.mine, use: mine)
    }

    @Sendable func residentCode(req: Request) async throws -> Response {
        let resident = try await req.visible(Resident.self, path: \.$path)
        return try await issue(req, SignUpCodes.Grant(person: Person(kind: .resident, id: try resident.requireID()), name: resident.name,
                                                      placeID: PlaceScope.ids(in: resident.path).last ?? 0, placePath: resident.path),
                               back: RegistryPaths.resident(try resident.requireID()))
    }

    @Sendable func memberCode(req: Request) async throws -> Response {
        let member = try await req.visible(PartyMember.self, path: \.$path)
        let name = try await member.residentID.asyncMap { try await Resident.find($0, on: req.db)?.name } ?? member.name
        return try await issue(req, SignUpCodes.Grant(person: Person(kind: .partyMember, id: try member.requireID()), name: name ?? "党员",
                                                      placeID: PlaceScope.ids(in: member.path).last ?? 0, placePath: member.path),
                               back: RegistryPaths.partyMember(try member.requireID()))
    }

    @Sendable func unitCode(req: Request) async throws -> Response {
        let unit = try await req.visible(Organization.self, path: \.$path)
        return try await issue(req, SignUpCodes.Grant(person: Person(kind: .unit, id: try unit.requireID()), name: unit.name,
                                                      placeID: unit.placeID, placePath: unit.path),
                               back: RegistryPaths.organization(try unit.requireID()))
    }

    /// The most households whose letters one print issues.
    static let invitationsAtOnce = 500

    struct Letters: Encodable, Sendable {
        struct Letter: Encodable, Sendable { let address: String; let code: String }
        let letters: [Letter]; let expires: String; let site: String; let back: String; let place: String
    }

    /// A letter for every household under a place, each with the household's invitation code (earlier ones revoked):
    /// every adult of the household makes their own account with it and their own ID number. Shown once, to print.
    @Sendable func invitations(req: Request) async throws -> Response {
        let place = try await req.visible(Place.self, path: \.$path)
        let households = try await Household.query(on: req.db).within(PlaceScope(paths: [place.path]), \.$path).sort(\.$path).sort(\.$code).all()
        guard !households.isEmpty else { throw AppError.conflict("\(place.name)没有登记住户") }
        guard households.count <= Self.invitationsAtOnce else { throw AppError.conflict("一次最多打印\(Self.invitationsAtOnce)户，请到楼栋或单元页面分批打印") }
        let addresses = try await RegistryDirectory.addresses(of: Set(households.map(\.path)), on: req.db)
        let now = req.gongzhi.now()
        var letters: [Letters.Letter] = [], expires = now
        for household in households {
            let address = addresses[household.path] ?? place.address
            let grant = SignUpCodes.Grant(person: Person(kind: .household, id: try household.requireID()), name: address,
                                          placeID: household.dwellingID, placePath: household.path)
            let (code, until) = try await SignUpCodes.issue(grant, by: try req.currentUser, now: now, on: req.db)
            letters.append(.init(address: address, code: code)); expires = until
        }
        let back = RegistryPaths.place(try place.requireID())
        try await req.audit(action: "issue-sign-up-code", target: back, detail: "为\(place.name)的\(households.count)户发放户邀请码")
        let site = req.siteAddress + AccountPaths.signUp.description
        return try await req.page("registry/invitations", title: "户邀请码", breadcrumbs: [.init(place.name, back), .init("户邀请码")],
                                  Letters(letters: letters, expires: BeijingTime.format(expires), site: site, back: back, place: place.address),
                                  status: .created)
    }

    func issue(_ req: Request, _ grant: SignUpCodes.Grant, back: String) async throws -> Response { try await req.signUpSlip(for: grant, back: back) }

    struct Mine: Encodable, Sendable {
        let title: String
        let facts: [PlacePage.Fact]
        let household: Table?
    }

    /// What the registry holds about the signed-in person: their household, their membership, their unit.
    @Sendable func mine(req: Request) async throws -> Response {
        guard let person = try req.currentUser.person else { throw AppError.forbidden }
        let model: Mine
        switch person.kind {
        case .resident:
            guard let resident = try await Resident.find(person.id, on: req.db) else { throw AppError.forbidden }
            let address = try await RegistryDirectory.addresses(of: [resident.path], on: req.db)[resident.path] ?? ""
            let members = try await Resident.query(on: req.db).filter(\.$householdID == resident.householdID).sort(\.$id).all()
            model = Mine(title: "我的家庭", facts: [.init(label: "姓名", value: resident.name), .init(label: "住址", value: address),
                                                  .init(label: "与户主关系", value: resident.relation)],
                         household: Table(columns: [.plain("姓名"), .plain("与户主关系")], rows: members.map { Table.Row([.init($0.name), .init($0.relation)]) }))
        case .partyMember:
            guard let member = try await PartyMember.find(person.id, on: req.db) else { throw AppError.forbidden }
            let organization = try await PartyOrganization.find(member.organizationID, on: req.db)
            model = Mine(title: "我的党员信息", facts: [.init(label: "所在党组织", value: organization?.name ?? ""), .init(label: "类别", value: member.category.label),
                                                    .init(label: "入党日期", value: member.joinedOn ?? "—")], household: nil)
        case .unit:
            guard let unit = try await Organization.find(person.id, on: req.db) else { throw AppError.forbidden }
            model = Mine(title: "我的单位", facts: [.init(label: "单位", value: unit.name), .init(label: "类型", value: unit.kind.label),
                                                .init(label: "地址", value: unit.address ?? "—")], household: nil)
        case .household, .groupLeader, .enumerator:
            // An account is bound to a resident, never to a household itself; a leader's records are the group's, an
            // enumerator's the census's.
            throw AppError.forbidden
        }
        return try await req.page("registry/mine", title: model.title, breadcrumbs: [.init(model.title)], model)
    }
}
