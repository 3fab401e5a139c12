import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// 区域共建: regional committees with their member units, and co-building agreements.
struct CoBuildingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(CoBuildingPaths.committees, use: index)
        routes.allow(Role.placeEditors).post(CoBuildingPaths.members, use: addMember)
    }

    struct Model: Encodable, Sendable {
        let figures: [Highlight.Figure]
        let sentence: String
        let committees: Table
        let selected: String?
        let members: Table?
        let agreements: Table
        let canEdit: Bool
        let committeePicker: Picker
        let unitPicker: Picker
        let errors: [String: String]
    }

    @Sendable func index(req: Request) async throws -> Response {
        try await render(req, committeeID: try req.queryID("committee", label: "区域党委"), errors: [])
    }

    func render(_ req: Request, committeeID: Int?, errors: [FieldProblem], status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.currentUser
        let scope = user.scope()
        let roster = try await CommitteeRoster.load(scope, on: req.db)
        let rows = roster.committees.map { c in
            Table.Row([.init(c.entry.name, link: "\(CoBuildingPaths.committees)?committee=\(c.entry.id)#members"), .init(c.level.label), .init(c.members.count)])
        }
        let selected = roster.committees.first { $0.entry.id == committeeID }
        var members: Table?
        if let selected {
            let units = try await RegistryDirectory.organizations(ids: selected.members, on: req.db).sorted { $0.id < $1.id }
            members = Table(columns: [.plain("成员单位"), .plain("类型"), .plain("有党组织")],
                            rows: units.map { Table.Row([.init($0.name), .init($0.kind.label), .init($0.hasPartyOrganization ? "是" : "否")]) })
        }
        let agreements = try await Agreement.query(on: req.db).within(scope, \.$path).sort(\.$signedOn, .descending).all()
        let parties = Dictionary(uniqueKeysWithValues: try await RegistryDirectory.organizations(ids: agreements.map(\.organizationID), on: req.db).map { ($0.id, $0.name) })
        let units = try await RegistryDirectory.organizations([.residentUnit, .newEconomicOrg, .newSocialOrg, .propertyCompany], within: scope, on: req.db)
        let model = Model(
            figures: roster.figures, sentence: roster.sentence,
            committees: Table(columns: [.plain("区域党组织"), .plain("层级"), .plain("成员单位", numeric: true)], rows: rows),
            selected: selected?.entry.name, members: members,
            agreements: Table(columns: [.plain("协议"), .plain("共建单位"), .plain("内容"), .plain("签订日期")],
                              rows: try agreements.map { Table.Row([.init($0.title, link: CoBuildingPaths.agreement(try $0.requireID())), .init(parties[$0.organizationID] ?? "—"),
                                                                    .init($0.content), .init($0.signedOn)]) },
                              emptyText: "尚无共建协议"),
            canEdit: user.hasAny(Role.placeEditors),
            committeePicker: Picker(name: "committeeID", label: "区域党组织", options: roster.committees.map { .init(String($0.entry.id), $0.entry.name) },
                                    selected: committeeID.map(String.init), ordered: true, error: errors.byField["committeeID"]),
            unitPicker: Picker(name: "organizationID", label: "单位", options: units.map { .init(String($0.id), $0.name) }, selected: nil,
                               error: errors.byField["organizationID"]),
            errors: errors.byField)
        return try await req.page("co-building/index", title: "区域共建", breadcrumbs: [.init("区域共建")], model, status: status)
    }

    struct MemberForm: Content { var committeeID: String; var organizationID: String }

    /// A unit joins a regional committee: both must lie within the user's places; a unit joins a committee once.
    @Sendable func addMember(req: Request) async throws -> Response {
        let scope = try req.currentUser.scope()
        let form = try req.content.decode(MemberForm.self)
        let committee = try await Bounded.id(form.committeeID).asyncMap { try await RegistryDirectory.partyOrganizations(ids: [$0], on: req.db).first } ?? nil
        let unit = try await Bounded.id(form.organizationID).asyncMap { try await RegistryDirectory.organizations(ids: [$0], on: req.db).first } ?? nil
        var problems: [FieldProblem] = []
        if committee == nil || ![.regionalWorkingCommittee, .communityRegionalCommittee].contains(committee!.kind) || !scope.contains(committee!.path) {
            problems.append(FieldProblem("committeeID", "请选择您管辖范围内的区域党组织"))
        }
        if unit == nil || !scope.contains(unit!.path) { problems.append(FieldProblem("organizationID", "请选择您管辖范围内的单位")) }
        if let committee, let unit, problems.isEmpty,
           try await CommitteeMember.query(on: req.db).filter(\.$committeeID == committee.id).filter(\.$organizationID == unit.id).count() > 0 {
            problems.append(FieldProblem("organizationID", "\(unit.name)已是\(committee.name)的成员单位"))
        }
        guard problems.isEmpty, let committee, let unit else {
            return try await render(req, committeeID: Bounded.id(form.committeeID), errors: problems, status: .unprocessableEntity)
        }
        let member = CommitteeMember()
        member.committeeID = committee.id; member.path = committee.path; member.organizationID = unit.id
        member.joinedOn = BeijingTime.day(of: req.gongzhi.now()).description
        try await member.create(on: req.db, movingRevision: CoBuildingModule.name)
        return req.redirect(to: "\(CoBuildingPaths.committees)?committee=\(committee.id)#members", notice: "已添加成员单位。")
    }
}
