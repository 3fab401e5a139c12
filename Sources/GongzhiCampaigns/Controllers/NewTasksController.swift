import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// Adding tasks to a campaign: the places of a community (compounds or buildings, narrowed by management type) are
/// listed with boxes to tick, and one form makes one task per ticked place, or one task over all of them.
struct NewTasksController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let editors = routes.allow(Role.placeEditors)
        editors.get(CampaignPaths.newTasks, use: form)
        editors.post(CampaignPaths.newTasks, use: create)
    }

    struct PlaceRow: Encodable, Sendable { let id: Int; let name: String; let kind: String; let management: String; let tasks: Int; let checked: Bool }
    struct Model: Encodable, Sendable {
        let id: Int; let name: String; let period: String
        let filters: [Picker]; let query: String; let places: [PlaceRow]?; let placeCount: Int
        let cadres: Picker; let organizations: Picker; let input: [String: String]; let errors: FormErrors; let onePerPlace: Bool
    }

    /// What the list shows: a place kind and, for compounds, a management type.
    enum Kind: String, CaseIterable { case compound, building }

    @Sendable func form(req: Request) async throws -> Response { try await render(req, input: [:], chosen: nil, problems: []) }

    func render(_ req: Request, input: [String: String], chosen: Set<Int>?, problems: [FieldProblem]) async throws -> Response {
        let campaign = try await CampaignController.visibleCampaign(req)
        let id = try campaign.requireID()
        let filter = try await CommunityFilter.read(req)
        let kind = try req.queryChoice("kind", Kind.self, label: "地点类型") ?? .compound
        let management = try req.queryChoice("management", ManagementType.self, label: "管理类型")
        let scope = PlaceScope(paths: filter.scope.paths.filter { $0.hasPrefix(campaign.path) || campaign.path.hasPrefix($0) })
        var places = try await RegistryDirectory.places(kind == .compound ? .compound : .building, within: scope, on: req.db)
            .filter { $0.path.hasPrefix(campaign.path) }
        if let management {
            if kind == .compound { places = places.filter { $0.managementType == management } }
            else {
                let compounds = Set(try await RegistryDirectory.places(.compound, within: scope, on: req.db).filter { $0.managementType == management }.map(\.id))
                places = places.filter { $0.parentID.map(compounds.contains) ?? false }
            }
        }
        // How many tasks of this campaign each place has already, so none is added twice by mistake.
        let existing = try await TaskTarget.query(on: req.db).join(CampaignTask.self, on: \TaskTarget.$taskID == \CampaignTask.$id)
            .filter(CampaignTask.self, \.$campaignID == id).all().reduce(into: [Int: Int]()) { $0[$1.placeID, default: 0] += 1 }
        let rows = places.prefix(2_000).map { p in
            PlaceRow(id: p.id, name: p.address.isEmpty ? p.name : p.address, kind: p.kind.label, management: p.managementType?.label ?? "",
                     tasks: existing[p.id] ?? 0, checked: chosen.map { $0.contains(p.id) } ?? (existing[p.id] == nil))
        }
        let cadres = try await Staff.members(reaching: filter.chosen?.path ?? campaign.path, on: req.db)
        let organizations = try await RegistryDirectory.partyOrganizations(PartyOrganizationKind.allCases, within: scope, on: req.db)
        let model = Model(
            id: id, name: campaign.name, period: campaign.period,
            filters: [filter.picker,
                      Picker(name: "kind", label: "地点", options: Kind.allCases.map { .init($0.rawValue, $0 == .compound ? "楼院" : "楼栋") }, selected: kind.rawValue, ordered: true),
                      Picker(name: "management", label: "管理类型", options: ManagementType.allCases.map { .init($0.rawValue, $0.label) },
                             selected: management?.rawValue, empty: "全部", ordered: true)],
            query: req.url.query.map { "?" + $0 } ?? "", places: rows.nonEmpty, placeCount: rows.count,
            cadres: Picker(name: "cadreID", label: "责任人", options: cadres.map { .init(String($0.id), $0.label) }, selected: input["cadreID"], empty: "请选择",
                           error: problems.byField["cadreID"]),
            organizations: Picker(name: "partyOrganizationID", label: "党组织", options: organizations.map { .init(String($0.id), "\($0.name)（\($0.kind.label)）") },
                                  selected: input["partyOrganizationID"], empty: "各地点所属的党组织", error: problems.byField["partyOrganizationID"]),
            input: input.isEmpty ? ["name": "\(CampaignDesk.placeholder)改造", "deadline": campaign.endsOn] : input, errors: FormErrors(problems),
            onePerPlace: input["mode"] != "one")
        return try await req.page("campaigns/new-tasks", title: "添加任务", breadcrumbs: [.init("挂图作战", CampaignPaths.campaigns.description),
                                  .init(campaign.name, CampaignPaths.campaign(id)), .init("添加任务")], model, status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    struct Form: Content {
        var name: String?; var places: [String]?; var partyOrganizationID: String?; var cadreID: String?; var startsOn: String?; var deadline: String?; var mode: String?
    }

    @Sendable func create(req: Request) async throws -> Response {
        let campaign = try await CampaignController.visibleCampaign(req)
        let form = try req.content.decode(Form.self)
        let input = CampaignDesk.TaskInput(name: form.name ?? "", placeIDs: form.places ?? [], partyOrganizationID: form.partyOrganizationID ?? "",
                                           cadreID: form.cadreID ?? "", startsOn: form.startsOn ?? "", deadline: form.deadline ?? "", onePerPlace: form.mode != "one")
        do {
            let tasks = try await CampaignDesk.addTasks(input, to: campaign, scope: try req.currentUser.scope(for: Role.placeEditors), author: try Author(req), on: req.db)
            return req.redirect(to: CampaignPaths.campaign(try campaign.requireID()), notice: "已添加\(tasks.count)个任务。")
        } catch AppError.invalid(let problems) {
            let echo = ["name": input.name, "partyOrganizationID": input.partyOrganizationID, "cadreID": input.cadreID, "startsOn": input.startsOn,
                        "deadline": input.deadline, "mode": form.mode ?? "each"]
            return try await render(req, input: echo, chosen: Set(input.placeIDs.compactMap { Bounded.id($0) }), problems: problems)
        }
    }
}
