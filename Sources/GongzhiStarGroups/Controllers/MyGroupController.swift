import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// The building-group leader's phone: they land here on their job — their group's standing and people, the
/// vacancies, the self-check due this month (with a photo, confirmed by the community before it counts), their
/// tasks and the notices that reach their building, and an activity recorded in a few taps.
struct MyGroupController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let leaders = routes.allow([.buildingGroupLeader])
        leaders.get(StarGroupPaths.mine, use: mine)
        leaders.post(StarGroupPaths.selfCheck, use: selfCheck)
    }

    struct GroupCard: Encodable, Sendable {
        let id: Int; let name: String; let standing: String; let roles: [String]?; let vacancies: String?
        let due: Bool; let lastCheck: String?; let returnedReason: String?; let pending: Bool
    }
    struct NoticeLink: Encodable, Sendable { let title: String; let link: String; let date: String }
    struct Model: Encodable, Sendable {
        let groups: [GroupCard]?; let agenda: [AgendaItem]?; let notices: [NoticeLink]?
        let items: [GroupPage.Item]; let input: [String: String]; let errors: FormErrors; let photoField: String; let month: String
    }

    @Sendable func mine(req: Request) async throws -> Response { try await render(req, input: [:], problems: []) }

    func render(_ req: Request, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        let user = try req.currentUser
        let scope = user.scope(for: [.buildingGroupLeader])
        let today = BeijingTime.day(of: req.gongzhi.now())
        let monthStart = CivilDate(year: today.year, month: today.month, day: 1)!.description
        let rule = try await StarRules.current(on: req.db)
        var cards: [GroupCard] = []
        for group in try await RegistryDirectory.buildingGroups(within: scope, on: req.db) {
            let roles = try await GroupRole.query(on: req.db).filter(\.$buildingGroupID == group.id).sort(\.$id).all().sorted { $0.kind.order < $1.kind.order }
            let checks = try await StarInspection.query(on: req.db).filter(\.$buildingGroupID == group.id).sort(\.$inspectedOn, .descending).sort(\.$id, .descending).all()
            let counted = checks.first { $0.status == .confirmed }
            let latestSelf = checks.first { $0.submittedByID != nil }
            let thisMonth = checks.contains { $0.submittedByID != nil && $0.status != .returned && $0.inspectedOn >= monthStart }
            cards.append(GroupCard(
                id: group.id, name: group.name,
                standing: counted.map { "\(StarRule.symbols($0.stars))（\(rule.passes($0.stars) ? "达标" : "未达标")）" } ?? "尚未评定",
                roles: roles.map { "\($0.kind.label)：\($0.name)\($0.team.map { "（\($0)）" } ?? "")" }.nonEmpty,
                vacancies: GroupDesk.vacancies(roles).map(\.label).joined(separator: "、").nonEmpty,
                due: !thisMonth, lastCheck: latestSelf.map { "\($0.inspectedOn) \($0.status.label)" },
                returnedReason: latestSelf?.status == .returned ? latestSelf?.returnReason : nil, pending: latestSelf?.status == .pending))
        }
        let agenda = try await req.gongzhi.agenda(for: user, today: today, on: req.db)
        let notices = try await PublicNotice.query(on: req.db).sort(\.$publishedAt, .descending).limit(50).all()
            .filter { scope.overlaps($0.path) }.prefix(5)
            .map { NoticeLink(title: $0.title, link: NoticePaths.notice($0.id ?? 0), date: BeijingTime.format(seconds: $0.publishedAt)) }
        var form = input
        if form["inspectedOn"] == nil { form["inspectedOn"] = today.description }
        let model = Model(groups: cards.nonEmpty, agenda: agenda.nonEmpty, notices: Array(notices).nonEmpty,
                          items: StarChecklist.items.map { .init(key: $0.key, label: $0.label, checked: input[$0.key] == "on") },
                          input: form, errors: FormErrors(problems), photoField: PhotoUpload.field(label: "现场照片（必选）", error: problems.byField["photo"]),
                          month: "\(today.month)月")
        return try await req.page("star-groups/mine", title: "我的楼组", breadcrumbs: [.init("我的楼组")], model, status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    /// The leader's self-check of their group: it waits for the community before the star level moves.
    @Sendable func selfCheck(req: Request) async throws -> Response {
        let group = try await req.visible({ try await RegistryDirectory.buildingGroups(ids: [$0], on: req.db).first }, path: \.path)
        guard try req.currentUser.scope(for: [.buildingGroupLeader]).contains(group.path) else { throw AppError.forbidden }
        let form = try req.content.decode(StarGroupController.InspectionForm.self)
        var input = form.input
        input.inspector = try req.currentUser.displayName
        do {
            let photo = try PhotoUpload.checked(form.photo, thumbnail: form.thumbnail)
            try await GroupDesk.check(input, selfCheck: true, photo: photo, group: group, author: try Author(req), on: req.db)
            return req.redirect(to: StarGroupPaths.mine.description, notice: "自查已提交，社区确认后计入星级。")
        } catch AppError.invalid(let problems) {
            return try await render(req, input: form.echo, problems: problems)
        }
    }
}
