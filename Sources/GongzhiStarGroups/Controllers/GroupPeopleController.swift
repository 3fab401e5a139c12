import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// The group's people and records from its page: roles appointed and dismissed, a sign-in for one who records,
/// appraisals and activities.
struct GroupPeopleController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let editors = routes.allow(Role.placeEditors)
        editors.post(StarGroupPaths.roles, use: appoint)
        editors.post(StarGroupPaths.dismiss, use: dismiss)
        routes.allow(Role.codeIssuers).post(StarGroupPaths.signUpCode, use: signUpCode)
        routes.post(StarGroupPaths.appraisals, use: appraise)
        routes.post(StarGroupPaths.activities, use: record)
    }

    struct RoleForm: Content { var kind: String?; var residentID: String?; var idNumber: String?; var team: String?; var confirmElsewhere: String? }

    @Sendable func appoint(req: Request) async throws -> Response {
        let group = try await GroupPage.visibleGroup(req)
        let form = try req.content.decode(RoleForm.self)
        let input = GroupDesk.RoleInput(kind: form.kind ?? "", residentID: form.residentID ?? "", idNumber: form.idNumber ?? "", team: form.team ?? "",
                                        confirmElsewhere: form.confirmElsewhere == "yes")
        do {
            let role = try await GroupDesk.appoint(input, in: group, scope: try req.currentUser.scope(for: Role.placeEditors), vault: req.gongzhi.vault,
                                                   author: try Author(req), on: req.db)
            return req.redirect(to: "\(StarGroupPaths.group(group.id))#roles", notice: "已任命\(role.name)为\(role.kind.label)。")
        } catch AppError.invalid(let problems) {
            // The ID number is not shown again; the worker types it once more if needed.
            return try await GroupPage.render(req, group: group, input: ["kind": input.kind, "residentID": input.residentID, "team": input.team,
                                                                        "idNumber": problems.byField[GroupDesk.elsewhereField] != nil ? input.idNumber : ""],
                                              problems: problems)
        }
    }

    func visibleRole(_ req: Request) async throws -> GroupRole { try await req.visible(GroupRole.self, path: \.$path) }

    @Sendable func dismiss(req: Request) async throws -> Response {
        let role = try await visibleRole(req)
        try await GroupDesk.dismiss(role, on: req.db)
        return req.redirect(to: "\(StarGroupPaths.group(role.buildingGroupID))#roles", notice: "已免去\(role.name)的\(role.kind.label)，其登录随之停用。")
    }

    /// A one-time code for the holder of a recording role: they make their own sign-in, as the group's leader.
    @Sendable func signUpCode(req: Request) async throws -> Response {
        let role = try await visibleRole(req)
        guard role.kind.records else { throw AppError.conflict("志愿服务队不单独发放登录；由楼组长记录其活动") }
        guard let group = try await RegistryDirectory.buildingGroups(ids: [role.buildingGroupID], on: req.db).first else { throw AppError.forbidden }
        let grant = SignUpCodes.Grant(person: Person(kind: .groupLeader, id: try role.requireID()), name: role.name, placeID: group.placeID, placePath: group.path)
        return try await req.signUpSlip(for: grant, back: StarGroupPaths.group(group.id))
    }

    struct AppraisalForm: Content {
        var placeID: String?; var round: String?; var appraisalKind: String?; var noProtrusion: String?; var nothingHung: String?; var noClutter: String?
    }

    @Sendable func appraise(req: Request) async throws -> Response {
        let group = try await GroupPage.visibleGroup(req)
        let form = try req.content.decode(AppraisalForm.self)
        let input = GroupDesk.AppraisalInput(placeID: form.placeID ?? "", round: form.round ?? "", kind: form.appraisalKind ?? "",
                                             noProtrusion: form.noProtrusion == "on", nothingHung: form.nothingHung == "on", noClutter: form.noClutter == "on")
        do {
            let a = try await GroupDesk.appraise(input, group: group, author: try Author(req), on: req.db)
            return req.redirect(to: "\(StarGroupPaths.group(group.id))#appraisals", notice: "已记录\(a.kind.label)评比：\(a.passed ? "合格" : "不合格")。")
        } catch AppError.invalid(let problems) {
            return try await GroupPage.render(req, group: group, input: ["placeID": input.placeID, "round": input.round, "appraisalKind": input.kind], problems: problems)
        }
    }

    struct ActivityForm: Content { var heldOn: String?; var title: String?; var participants: String? }

    @Sendable func record(req: Request) async throws -> Response {
        let group = try await GroupPage.visibleGroup(req)
        let form = try req.content.decode(ActivityForm.self)
        let input = GroupDesk.ActivityInput(heldOn: form.heldOn ?? "", title: form.title ?? "", participants: form.participants ?? "")
        do {
            try await GroupDesk.record(input, group: group, author: try Author(req), on: req.db)
            return req.redirect(to: "\(StarGroupPaths.group(group.id))#activities", notice: "活动已记录。")
        } catch AppError.invalid(let problems) {
            return try await GroupPage.render(req, group: group, input: ["heldOn": input.heldOn, "title": input.title, "participants": input.participants], problems: problems)
        }
    }
}
