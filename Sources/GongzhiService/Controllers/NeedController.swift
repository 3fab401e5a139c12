import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// The needs and resources lists of a community's desk: needs and wishes by state, a need's claims (confirmed or
/// returned on the resident's behalf), resources offered, and a need matched with a resource into a project.
struct NeedController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(ServicePaths.needs, use: needs)
        routes.get(ServicePaths.need, use: need)
        routes.get(ServicePaths.resources, use: resources)
        routes.get(ServicePaths.projects, use: projects)
        routes.get(ServicePaths.project, use: project)
        let editors = routes.allow(Role.placeEditors)
        editors.post(ServicePaths.needs, use: placeNeed)
        editors.post(ServicePaths.confirmClaim, use: confirmClaim)
        editors.post(ServicePaths.returnClaim, use: returnClaim)
        editors.post(ServicePaths.resources, use: addResource)
        editors.post(ServicePaths.projects, use: match)
        editors.post(ServicePaths.projectProgress, use: progress)
    }

    // MARK: Needs

    struct NeedsModel: Encodable, Sendable {
        let table: Table; let filters: [Picker]; let canEdit: Bool; let placePicker: Picker?; let kinds: [Choice]
        let input: [String: String]; let errors: FormErrors
    }
    struct Choice: Encodable, Sendable { let value: String; let label: String }

    @Sendable func needs(req: Request) async throws -> Response { try await renderNeeds(req, input: [:], problems: []) }

    func renderNeeds(_ req: Request, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        let user = try req.currentUser
        let scope = user.scope()
        let filter = try await CommunityFilter.read(req)
        let status = try req.queryChoice("status", NeedStatus.self, label: "需求状态")
        let kind = try req.queryChoice("kind", NeedKind.self, label: "类型")
        let list = try ListQuery(req, sortable: ["placed"], defaultSort: "placed", defaultDescending: true)
        let query = ServiceNeed.query(on: req.db).within(filter.scope, \.$path)
        if let status { query.filter(\.$status == status) }
        if let kind { query.filter(\.$kind == kind) }
        let total = try await query.count()
        let rows = try await query.sort(\.$placedAt, list.descending ? .descending : .ascending).sort(\.$id).range(list.offset..<(list.offset + list.perPage)).all()
        let addresses = try await RegistryDirectory.addresses(of: Set(rows.map(\.path)), on: req.db)
        let table = Table(columns: [.plain("需求"), .plain("类型"), .plain("地点"), .plain("状态"), .plain("提出"), .plain("时间")],
                          rows: try rows.map { n in
                              Table.Row([.init(n.title, link: ServicePaths.need(try n.requireID())), .init(n.kind.label), .init(addresses[n.path] ?? "—"),
                                         .init(n.status.label), .init(n.placedBy), .init(BeijingTime.format(seconds: n.placedAt))])
                          }, pager: list.pager(total: total), emptyText: "没有符合条件的需求")
        let canEdit = user.hasAny(Role.placeEditors)
        var placePicker: Picker?
        if canEdit {
            var options: [Picker.Option] = []
            for kind in [PlaceKind.community, .compound, .building] {
                options += try await RegistryDirectory.places(kind, within: scope, on: req.db).map { .init(String($0.id), $0.address.isEmpty ? $0.name : $0.address) }
            }
            placePicker = Picker(name: "placeID", label: "需求地点", options: options, selected: input["placeID"], empty: "请选择", error: problems.byField["placeID"])
        }
        let filters = [
            filter.picker,
            Picker(name: "kind", label: "类型", options: NeedKind.allCases.map { .init($0.rawValue, $0.label) }, selected: kind?.rawValue, empty: "全部", ordered: true),
            Picker(name: "status", label: "状态", options: NeedStatus.allCases.map { .init($0.rawValue, $0.label) }, selected: status?.rawValue, empty: "全部", ordered: true),
        ]
        return try await req.page("service/needs", title: "需求清单", breadcrumbs: [.init("双报到", ServicePaths.overview.description), .init("需求清单")],
                                  NeedsModel(table: table, filters: filters, canEdit: canEdit, placePicker: placePicker,
                                             kinds: NeedKind.allCases.map { Choice(value: $0.rawValue, label: $0.label) }, input: input, errors: FormErrors(problems)),
                                  status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    struct NeedForm: Content { var placeID: String?; var kind: String?; var title: String?; var detail: String? }

    /// A community places a need of its own (a place's), or one a resident brought to the office.
    @Sendable func placeNeed(req: Request) async throws -> Response {
        let form = try req.content.decode(NeedForm.self)
        let input = ["placeID": form.placeID ?? "", "kind": form.kind ?? "", "title": form.title ?? "", "detail": form.detail ?? ""]
        let scope = try req.currentUser.scope()
        guard let place = try await Bounded.id(form.placeID).asyncMap({ try await RegistryDirectory.places(ids: [$0], on: req.db).first }) ?? nil,
              scope.contains(place.path) else {
            return try await renderNeeds(req, input: input, problems: [FieldProblem("placeID", "请选择您管辖范围内的社区、楼院或楼栋")])
        }
        do {
            let need = try await ServiceDesk.placeNeed(.init(kind: form.kind ?? "", title: form.title ?? "", detail: form.detail ?? ""),
                                                       at: place.path, householdID: nil, author: try Author(req), on: req.db)
            return req.redirect(to: ServicePaths.need(try need.requireID()), notice: "已发布需求，报到的党员和单位可以认领。")
        } catch AppError.invalid(let problems) { return try await renderNeeds(req, input: input, problems: problems) }
    }

    // MARK: One need

    struct ClaimRow: Encodable, Sendable {
        let id: Int; let claimant: String; let status: String; let claimed: String; let hours: String; let note: String
        let decided: String?; let reason: String?; let awaiting: Bool
    }
    struct NeedModel: Encodable, Sendable {
        let id: Int; let title: String; let kind: String; let detail: String?; let place: String; let status: String; let placed: String
        let claims: [ClaimRow]?; let canEdit: Bool; let resourcePicker: Picker?; let project: Int?
        let input: [String: String]; let errors: FormErrors
    }

    @Sendable func need(req: Request) async throws -> Response { try await renderNeed(req, input: [:], problems: []) }

    func renderNeed(_ req: Request, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        let need = try await req.visible(ServiceNeed.self, path: \.$path)
        let id = try need.requireID()
        let claims = try await ServiceClaim.query(on: req.db).filter(\.$needID == id).sort(\.$id).all()
        let place = try await RegistryDirectory.addresses(of: [need.path], on: req.db)[need.path] ?? "—"
        let canEdit = try req.currentUser.hasAny(Role.placeEditors)
        var picker: Picker?
        if canEdit, need.status == .open {
            let idle = try await ServiceResource.query(on: req.db).filter(\.$communityID == need.communityID).filter(\.$status == .idle).all()
            picker = Picker(name: "resourceID", label: "对接资源（本社区待对接）", options: idle.compactMap { r in r.id.map { .init(String($0), "\(r.title)（\(r.provider)，\(r.kind.label)）") } },
                            selected: input["resourceID"], empty: "请选择", error: problems.byField["resourceID"])
        }
        let project = try await ServiceProject.query(on: req.db).filter(\.$needID == id).first()
        let model = NeedModel(
            id: id, title: need.title, kind: need.kind.label, detail: need.detail.nonEmpty, place: place, status: need.status.label,
            placed: "\(need.placedBy)，\(BeijingTime.format(seconds: need.placedAt))",
            claims: try claims.map(Self.row).nonEmpty, canEdit: canEdit, resourcePicker: picker, project: try project?.requireID(),
            input: input.isEmpty ? ["title": need.title, "agreedOn": BeijingTime.day(of: req.gongzhi.now()).description] : input, errors: FormErrors(problems))
        return try await req.page("service/need", title: need.title,
                                  breadcrumbs: [.init("需求清单", ServicePaths.needs.description), .init(need.title)], model,
                                  status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    static func row(_ c: ServiceClaim) throws -> ClaimRow {
        ClaimRow(id: try c.requireID(), claimant: c.claimant, status: c.status.label, claimed: BeijingTime.format(seconds: c.claimedAt),
                 hours: c.minutes > 0 ? "\(ServiceFigures.hours(c.minutes))小时" : "—", note: c.note,
                 decided: c.decidedAt.map { "\(c.decidedBy ?? "")，\(BeijingTime.format(seconds: $0))" }, reason: c.reason.nonEmpty, awaiting: c.status == .delivered)
    }

    struct ReturnForm: Content { var reason: String? }

    /// A worker confirms a delivered claim for a resident who has no sign-in (or asked them to).
    @Sendable func confirmClaim(req: Request) async throws -> Response {
        let claim = try await req.visible(ServiceClaim.self, path: \.$path)
        try await ServiceDesk.confirm(claim, author: try Author(req), on: req.db)
        try await req.audit(action: "confirm-claim", target: ServicePaths.need(claim.needID), detail: "代居民确认\(claim.claimant)的服务，计入\(ServiceFigures.hours(claim.minutes))小时")
        return req.redirect(to: ServicePaths.need(claim.needID), notice: "已确认完成，\(claim.claimant)的服务时长已计入。")
    }

    @Sendable func returnClaim(req: Request) async throws -> Response {
        let claim = try await req.visible(ServiceClaim.self, path: \.$path)
        let reason = (try? req.content.decode(ReturnForm.self))?.reason ?? ""
        try await AppError.asOneMessage { try await ServiceDesk.returnClaim(claim, reason: reason, author: try Author(req), on: req.db) }
        try await req.audit(action: "return-claim", target: ServicePaths.need(claim.needID), detail: "退回\(claim.claimant)的认领：\(reason)")
        return req.redirect(to: ServicePaths.need(claim.needID), notice: "已退回，需求重新开放认领。")
    }

    // MARK: Resources

    struct ResourcesModel: Encodable, Sendable {
        let table: Table; let filters: [Picker]; let canEdit: Bool; let unitPicker: Picker?; let kinds: [Choice]; let input: [String: String]; let errors: FormErrors
    }

    @Sendable func resources(req: Request) async throws -> Response { try await renderResources(req, input: [:], problems: []) }

    func renderResources(_ req: Request, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        let user = try req.currentUser
        let scope = user.scope()
        let filter = try await CommunityFilter.read(req)
        let status = try req.queryChoice("status", ResourceStatus.self, label: "资源状态")
        let query = ServiceResource.query(on: req.db).within(filter.scope, \.$path)
        if let status { query.filter(\.$status == status) }
        let list = try ListQuery(req, sortable: ["offered"], defaultSort: "offered", defaultDescending: true)
        let total = try await query.count()
        let rows = try await query.sort(\.$offeredAt, .descending).sort(\.$id).range(list.offset..<(list.offset + list.perPage)).all()
        let names = Dictionary(uniqueKeysWithValues: filter.communities.map { ($0.id, $0.name) })
        let table = Table(columns: [.plain("资源"), .plain("类型"), .plain("提供方"), .plain("社区"), .plain("可用时间"), .plain("状态")],
                          rows: rows.map { r in Table.Row([.init(r.title), .init(r.kind.label), .init(r.provider), .init(names[r.communityID] ?? "—"),
                                                           .init(r.availability), .init(r.status.label)]) },
                          pager: list.pager(total: total), emptyText: "没有符合条件的资源")
        let canEdit = user.hasAny(Role.placeEditors)
        let units = canEdit ? try await RegistryDirectory.organizations(OrganizationKind.allCases, within: scope, on: req.db) : []
        let filters = [
            filter.picker,
            Picker(name: "status", label: "状态", options: ResourceStatus.allCases.map { .init($0.rawValue, $0.label) }, selected: status?.rawValue, empty: "全部", ordered: true),
        ]
        return try await req.page("service/resources", title: "资源清单", breadcrumbs: [.init("双报到", ServicePaths.overview.description), .init("资源清单")],
                                  ResourcesModel(table: table, filters: filters, canEdit: canEdit,
                                                 unitPicker: canEdit ? Picker(name: "organizationID", label: "提供单位", options: units.map { .init(String($0.id), $0.name) },
                                                                              selected: input["organizationID"], empty: "请选择", error: problems.byField["organizationID"]) : nil,
                                                 kinds: ResourceKind.allCases.map { Choice(value: $0.rawValue, label: $0.label) }, input: input, errors: FormErrors(problems)),
                                  status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    struct ResourceForm: Content { var organizationID: String?; var kind: String?; var title: String?; var detail: String?; var availability: String? }

    /// A worker records what a unit of their places offers (a unit's contact may offer it themselves).
    @Sendable func addResource(req: Request) async throws -> Response {
        let form = try req.content.decode(ResourceForm.self)
        let input = ["organizationID": form.organizationID ?? "", "kind": form.kind ?? "", "title": form.title ?? "", "detail": form.detail ?? "", "availability": form.availability ?? ""]
        let scope = try req.currentUser.scope()
        guard let unit = try await Bounded.id(form.organizationID).asyncMap({ try await RegistryDirectory.organizations(ids: [$0], on: req.db).first }) ?? nil,
              scope.contains(unit.path), let community = try await RegistryDirectory.community(of: unit.path, on: req.db) else {
            return try await renderResources(req, input: input, problems: [FieldProblem("organizationID", "请选择您管辖范围内社区的单位")])
        }
        do {
            _ = try await ServiceDesk.offer(.init(kind: form.kind ?? "", title: form.title ?? "", detail: form.detail ?? "", availability: form.availability ?? ""),
                                            by: .unit(unit), communityID: community.id, author: try Author(req), on: req.db)
        } catch AppError.invalid(let problems) { return try await renderResources(req, input: input, problems: problems) }
        return req.redirect(to: ServicePaths.resources.description, notice: "已登记\(unit.name)提供的资源。")
    }

    // MARK: Projects

    @Sendable func projects(req: Request) async throws -> Response {
        let scope = try req.currentUser.scope()
        let list = try ListQuery(req, sortable: ["agreed"], defaultSort: "agreed", defaultDescending: true)
        let query = ServiceProject.query(on: req.db).within(scope, \.$path)
        let total = try await query.count()
        let rows = try await query.sort(\.$agreedOn, .descending).sort(\.$id).range(list.offset..<(list.offset + list.perPage)).all()
        let resources = Dictionary(uniqueKeysWithValues: try await ServiceResource.query(on: req.db).filter(\.$id ~~ rows.map(\.resourceID)).all().map { ($0.id ?? 0, $0) })
        let table = Table(columns: [.plain("项目"), .plain("资源提供方"), .plain("协议日期"), .plain("状态"), .plain("成果")],
                          rows: try rows.map { p in Table.Row([.init(p.title, link: ServicePaths.project(try p.requireID())), .init(resources[p.resourceID]?.provider ?? "—"),
                                                               .init(p.agreedOn), .init(p.status.label), .init(p.result.isEmpty ? "—" : p.result)]) },
                          pager: list.pager(total: total), emptyText: "还没有对接成项目的需求")
        struct Model: Encodable, Sendable { let table: Table }
        return try await req.page("service/projects", title: "项目清单", breadcrumbs: [.init("双报到", ServicePaths.overview.description), .init("项目清单")], Model(table: table))
    }

    struct MatchForm: Content { var needID: String?; var resourceID: String?; var title: String?; var agreement: String?; var agreedOn: String?; var endsOn: String?; var milestones: String? }

    /// A worker matches an open need of their places with an idle resource of the same community.
    @Sendable func match(req: Request) async throws -> Response {
        let form = try req.content.decode(MatchForm.self)
        let scope = try req.currentUser.scope()
        guard let need = try await ServiceNeed.find(form.needID, within: scope, path: \.$path, on: req.db) else { throw AppError.forbidden }
        req.parameters.set("id", to: String(try need.requireID()))
        let input = ["resourceID": form.resourceID ?? "", "title": form.title ?? "", "agreement": form.agreement ?? "", "agreedOn": form.agreedOn ?? "", "endsOn": form.endsOn ?? "", "milestones": form.milestones ?? ""]
        guard let resource = try await ServiceResource.find(form.resourceID, within: scope, path: \.$path, on: req.db) else {
            return try await renderNeed(req, input: input, problems: [FieldProblem("resourceID", "请选择本社区待对接的资源")])
        }
        do {
            let project = try await ServiceDesk.match(need, resource, .init(title: form.title ?? "", agreement: form.agreement ?? "", agreedOn: form.agreedOn ?? "", endsOn: form.endsOn ?? "",
                                                                            milestones: form.milestones ?? ""), author: try Author(req), on: req.db)
            try await req.audit(action: "match-need", target: ServicePaths.project(try project.requireID()), detail: "“\(need.title)”对接“\(resource.title)”（\(resource.provider)）")
            return req.redirect(to: ServicePaths.project(try project.requireID()), notice: "已对接，项目已列入项目清单。")
        } catch AppError.invalid(let problems) { return try await renderNeed(req, input: input, problems: problems) }
    }

    struct ProjectModel: Encodable, Sendable {
        struct Milestone: Encodable, Sendable { let id: Int; let title: String; let due: String; let done: String? }
        let id: Int; let title: String; let need: String; let needID: Int; let resource: String; let provider: String
        let agreement: String; let agreedOn: String; let endsOn: String?; let status: String; let result: String?; let completedOn: String?
        let milestones: [Milestone]?; let canEdit: Bool; let underway: Bool; let today: String; let errors: FormErrors
    }

    @Sendable func project(req: Request) async throws -> Response { try await renderProject(req, problems: []) }

    func renderProject(_ req: Request, problems: [FieldProblem]) async throws -> Response {
        let p = try await req.visible(ServiceProject.self, path: \.$path)
        let need = try await ServiceNeed.find(p.needID, on: req.db)
        let resource = try await ServiceResource.find(p.resourceID, on: req.db)
        let milestones = try await ProjectMilestone.query(on: req.db).filter(\.$projectID == p.requireID()).sort(\.$dueOn).all()
        let model = ProjectModel(
            id: try p.requireID(), title: p.title, need: need?.title ?? "—", needID: p.needID, resource: resource?.title ?? "—", provider: resource?.provider ?? "—",
            agreement: p.agreement, agreedOn: p.agreedOn, endsOn: p.endsOn, status: p.status.label, result: p.result.nonEmpty, completedOn: p.completedOn,
            milestones: try milestones.map { .init(id: try $0.requireID(), title: $0.title, due: $0.dueOn, done: $0.doneOn) }.nonEmpty,
            canEdit: try req.currentUser.hasAny(Role.placeEditors), underway: p.status == .underway,
            today: BeijingTime.day(of: req.gongzhi.now()).description, errors: FormErrors(problems))
        return try await req.page("service/project", title: p.title, breadcrumbs: [.init("项目清单", ServicePaths.projects.description), .init(p.title)], model,
                                  status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    struct ProgressForm: Content { var milestoneID: String?; var result: String?; var day: String? }

    @Sendable func progress(req: Request) async throws -> Response {
        let p = try await req.visible(ServiceProject.self, path: \.$path)
        let form = try req.content.decode(ProgressForm.self)
        do {
            try await ServiceDesk.progress(p, milestoneID: Bounded.id(form.milestoneID), result: form.result ?? "", on: form.day ?? "", author: try Author(req), on: req.db)
        } catch AppError.invalid(let problems) { return try await renderProject(req, problems: problems) }
        return req.redirect(to: ServicePaths.project(try p.requireID()), notice: form.milestoneID == nil ? "项目已完成。" : "已记录节点完成。")
    }
}
