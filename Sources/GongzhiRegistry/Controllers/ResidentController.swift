import Fluent
import GongzhiCore
import GongzhiKit
import Vapor

/// Residents and households: search, read, edit, add and remove, always within the user's places.
struct ResidentController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(RegistryPaths.residents, use: search)
        routes.post(RegistryPaths.residentFind, use: findByID)
        routes.get(RegistryPaths.resident, use: show)
        routes.get(RegistryPaths.residentEdit, use: edit)
        routes.post(RegistryPaths.resident, use: update)
        // Removing, moving and enrolling people is the workers' job; a building-group leader records what their role does.
        let managers = routes.allow(Role.placeEditors)
        managers.post(RegistryPaths.residentDelete, use: delete)
        managers.post(RegistryPaths.residentMove, use: move)
        managers.post(RegistryPaths.residentEnrol, use: enrol)
        routes.allow(Role.unmaskers).post(RegistryPaths.residentReveal, use: reveal)
        routes.get(RegistryPaths.household, use: household)
        routes.post(RegistryPaths.householdResidents, use: add)
        managers.post(RegistryPaths.householdDelete, use: deleteHousehold)
    }

    @Sendable func search(req: Request) async throws -> Response {
        try await renderSearch(req, criteria: try ResidentSearch(query: req))
    }

    struct FindForm: Content { var idNumber: String }

    /// Finds a resident by full ID number sent in a form body, so the number never appears in an address bar,
    /// browser history or proxy log; missing and out of the user's places get the same answer.
    @Sendable func findByID(req: Request) async throws -> Response {
        let user = try req.currentUser
        do {
            let criteria = try ResidentSearch(lookingUp: try req.content.decode(FindForm.self).idNumber)
            let found = try await criteria.run(user.scope(), vault: req.gongzhi.vault, list: try ListQuery(req, sortable: [], defaultSort: "name"), on: req.db)
            try await ResidentSearch.audit(criteria.idNumber, found: found.total, on: req)
            if let resident = found.residents.first { return req.redirect(to: RegistryPaths.resident(resident.id)) }
            return try await renderSearch(req, criteria: ResidentSearch(), message: "没有找到该公民身份号码的居民（或其不在您的管辖范围内）", status: .notFound)
        } catch AppError.invalid(let problems) {
            return try await renderSearch(req, criteria: ResidentSearch(), message: problems.first?.message, status: .unprocessableEntity)
        }
    }

    func renderSearch(_ req: Request, criteria: ResidentSearch, message: String? = nil, status: HTTPResponseStatus? = nil) async throws -> Response {
        let user = try req.currentUser
        let list = try ListQuery(req, sortable: ["name", "birth", "address"], defaultSort: "name")
        var error = message
        var result: (total: Int, residents: [ResidentRow]) = (0, [])
        do { result = try await criteria.run(user.scope(), vault: req.gongzhi.vault, list: list, on: req.db) }
        catch AppError.invalid(let problems) { error = problems.first?.message }
        let rows = result.residents.map { r in
            Table.Row([.init(r.name, link: RegistryPaths.resident(r.id)), .init(r.gender.label), .init(r.birthDate ?? ""), .init(r.idMasked ?? ""),
                       .init(r.phoneMasked ?? ""), .init(r.address), .init(r.residency.label), .init(r.tagList.map(\.label).joined(separator: "、"))])
        }
        let table = Table(columns: [list.column("姓名", key: "name"), list.column("性别"), list.column("出生日期", key: "birth"),
                                    list.column("公民身份号码"), list.column("联系电话"), list.column("住址", key: "address"),
                                    list.column("居住类型"), list.column("标签")],
                          rows: rows, pager: list.pager(total: result.total), emptyText: criteria.isEmpty ? "没有居民记录" : "没有符合条件的居民")
        let model = ResidentViews.SearchModel(criteria: criteria, tags: ResidentTag.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == criteria.tag) },
                                              table: table, error: error, total: result.total)
        return try await req.page("registry/residents", title: "居民查询", breadcrumbs: [.init("居民")], model,
                                  status: status ?? (error == nil ? .ok : .unprocessableEntity))
    }

    @Sendable func show(req: Request) async throws -> Response {
        let resident = try await req.visible(Resident.self, path: \.$path)
        return try await ResidentViews.renderDetail(resident, for: req)
    }

    @Sendable func edit(req: Request) async throws -> Response {
        let resident = try await req.visible(Resident.self, path: \.$path)
        return try await ResidentViews.renderForm(resident, household: nil, input: nil, problems: [], for: req)
    }

    @Sendable func update(req: Request) async throws -> Response {
        let resident = try await req.visible(Resident.self, path: \.$path)
        let input = try req.content.decode(ResidentViews.Form.self).input
        do { try await ResidentWriter.update(resident, input, readAt: try VersionStamp.read(req), vault: req.gongzhi.vault, on: req.db) }
        catch AppError.invalid(let problems) {
            let current = try await Resident.find(try resident.requireID(), on: req.db) ?? resident
            return try await ResidentViews.renderForm(current, household: nil, input: input, problems: problems, for: req, status: problems.status)
        }
        return req.redirect(to: RegistryPaths.resident(try resident.requireID()), notice: "已保存。")
    }

    @Sendable func delete(req: Request) async throws -> Response {
        let resident = try await req.visible(Resident.self, path: \.$path)
        try await ResidentWriter.delete(resident, dependents: req.gongzhi.residentDependents, on: req.db)
        return req.redirect(to: RegistryPaths.household(resident.householdID), notice: "已删除居民\(resident.name)。")
    }

    struct MoveForm: Content { var householdCode: String }

    /// Moves a resident to another household in the user's places, named by its 18-digit code.
    @Sendable func move(req: Request) async throws -> Response {
        let resident = try await req.visible(Resident.self, path: \.$path)
        let code = try req.content.decode(MoveForm.self).householdCode
        do {
            try await ResidentWriter.move(resident, toHousehold: code, readAt: try VersionStamp.read(req), scope: try req.currentUser.scope(),
                                          dependents: req.gongzhi.residentDependents, on: req.db)
        } catch AppError.invalid(let problems) {
            let current = try await Resident.find(try resident.requireID(), on: req.db) ?? resident
            return try await ResidentViews.renderDetail(current, for: req, moveError: problems.first?.message, moveCode: code, status: problems.status)
        }
        return req.redirect(to: RegistryPaths.resident(try resident.requireID()), notice: "已保存。")
    }

    struct RevealForm: Content { var field: String; var reason: String }

    /// Shows one full number once, for a stated reason; the view is recorded in the audit log with that reason.
    @Sendable func reveal(req: Request) async throws -> Response {
        let resident = try await req.visible(Resident.self, path: \.$path)
        let form = try req.content.decode(RevealForm.self)
        let reason = form.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        let fields: [String: (label: String, sealed: String?)] = ["idNumber": ("公民身份号码", resident.idSealed), "phone": ("联系电话", resident.phoneSealed)]
        guard let field = fields[form.field] else { throw AppError.invalid("field", "请选择要查看的号码") }
        guard reason.count >= 4, reason.count <= 200 else {
            return try await ResidentViews.renderDetail(resident, for: req, revealError: "请说明查看完整号码的事由（4–200字），该事由将记入审计日志",
                                                        status: .unprocessableEntity)
        }
        guard let sealed = field.sealed else { throw AppError.invalid("field", "该居民没有登记\(field.label)") }
        let value = try req.gongzhi.vault.open(sealed)
        try await req.audit(action: "reveal", target: RegistryPaths.resident(try resident.requireID()), detail: "\(field.label)；事由：\(reason)")
        return try await ResidentViews.renderDetail(resident, for: req, revealed: .init(label: field.label, value: value))
    }

    /// Registers a resident as a party member: the name and numbers stay on the resident record.
    @Sendable func enrol(req: Request) async throws -> Response {
        let user = try req.currentUser
        let resident = try await req.visible(Resident.self, path: \.$path)
        var form = try req.content.decode(PartyMemberWriter.Form.self)
        form.phone = nil
        let details = try await PartyMemberWriter.Details.check(form, scope: user.scope(), on: req.db)
        guard try await PartyMember.query(on: req.db).filter(\.$residentID == resident.id).first() == nil else { throw AppError.conflict("该居民已登记为党员") }
        let member = PartyMember()
        member.residentID = resident.id
        try await details.save(member, vault: req.gongzhi.vault, on: req.db)
        return req.redirect(to: RegistryPaths.resident(try resident.requireID()), notice: "已保存。")
    }

    @Sendable func household(req: Request) async throws -> Response {
        let household = try await req.visible(Household.self, path: \.$path)
        return try await ResidentViews.renderForm(Resident(), household: household, input: nil, problems: [], for: req)
    }

    @Sendable func deleteHousehold(req: Request) async throws -> Response {
        let household = try await req.visible(Household.self, path: \.$path)
        try await HouseholdWriter.delete(household, on: req.db)
        return req.redirect(to: RegistryPaths.place(household.dwellingID), notice: "已删除空户\(household.code)。")
    }

    @Sendable func add(req: Request) async throws -> Response {
        let household = try await req.visible(Household.self, path: \.$path)
        let input = try req.content.decode(ResidentViews.Form.self).input
        do {
            let resident = try await ResidentWriter.create(input, in: household, vault: req.gongzhi.vault, on: req.db)
            return req.redirect(to: RegistryPaths.resident(try resident.requireID()), notice: "已保存。")
        } catch AppError.invalid(let problems) {
            return try await ResidentViews.renderForm(Resident(), household: household, input: input, problems: problems, for: req, status: .unprocessableEntity)
        }
    }
}
