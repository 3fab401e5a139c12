import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// Responsibility posts, dedication days and volunteer activities: a community worker opens one, members sign up on
/// their phones, and the organiser checks them in on the day, which writes their hours.
struct ActivityController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(ServicePaths.activities, use: index)
        routes.get(ServicePaths.activity, use: show)
        let editors = routes.allow(Role.placeEditors)
        editors.post(ServicePaths.activities, use: open)
        editors.post(ServicePaths.checkIn, use: checkIn)
    }

    struct ListModel: Encodable, Sendable {
        let table: Table; let canEdit: Bool; let communityPicker: Picker?; let kinds: [NeedController.Choice]; let input: [String: String]; let errors: FormErrors
    }

    @Sendable func index(req: Request) async throws -> Response { try await render(req, input: [:], problems: []) }

    func render(_ req: Request, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        let user = try req.currentUser
        let scope = user.scope()
        let list = try ListQuery(req, sortable: ["starts"], defaultSort: "starts", defaultDescending: true)
        let query = ServiceActivity.query(on: req.db).within(scope, \.$path)
        let total = try await query.count()
        let rows = try await query.sort(\.$startsAt, .descending).sort(\.$id).range(list.offset..<(list.offset + list.perPage)).all()
        let ids = try rows.map { try $0.requireID() }
        let signUps = Dictionary(grouping: try await ActivitySignUp.query(on: req.db).filter(\.$activityID ~~ ids).all(), by: \.activityID)
        let table = Table(columns: [.plain("活动"), .plain("类型"), .plain("时间"), .plain("地点"), .plain("报名", numeric: true), .plain("签到", numeric: true)],
                          rows: try rows.map { a in
                              let s = signUps[try a.requireID()] ?? []
                              return Table.Row([.init(a.title, link: ServicePaths.activity(try a.requireID())), .init(a.kind.label), .init(BeijingTime.format(seconds: a.startsAt)),
                                                .init(a.venue), .init(s.count), .init(s.count { $0.checkedInAt != nil })])
                          }, pager: list.pager(total: total), emptyText: "还没有活动")
        let canEdit = user.hasAny(Role.placeEditors)
        let communities = canEdit ? try await CommunityFilter.communities(of: scope, on: req.db).filter { scope.contains($0.path) } : []
        let now = BeijingTime.day(of: req.gongzhi.now()).description
        return try await req.page("service/activities", title: "志愿服务活动", breadcrumbs: [.init("双报到", ServicePaths.overview.description), .init("志愿服务活动")],
                                  ListModel(table: table, canEdit: canEdit && !communities.isEmpty,
                                            communityPicker: Picker(name: "communityID", label: "社区", options: communities.map { .init(String($0.id), $0.name) },
                                                                    selected: input["communityID"] ?? communities.first.map { String($0.id) }, ordered: true, error: problems.byField["communityID"]),
                                            kinds: ActivityKind.allCases.map { .init(value: $0.rawValue, label: $0.label) },
                                            input: input.isEmpty ? ["day": now, "start": "09:00", "end": "11:00", "capacity": "0"] : input, errors: FormErrors(problems)),
                                  status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    struct Form: Content { var communityID: String?; var kind: String?; var title: String?; var detail: String?; var venue: String?; var day: String?; var start: String?; var end: String?; var capacity: String? }

    @Sendable func open(req: Request) async throws -> Response {
        let f = try req.content.decode(Form.self)
        let input = ["communityID": f.communityID ?? "", "kind": f.kind ?? "", "title": f.title ?? "", "detail": f.detail ?? "", "venue": f.venue ?? "",
                     "day": f.day ?? "", "start": f.start ?? "", "end": f.end ?? "", "capacity": f.capacity ?? ""]
        let scope = try req.currentUser.scope()
        guard let community = try await Bounded.id(f.communityID).asyncMap({ try await RegistryDirectory.places(ids: [$0], on: req.db).first }) ?? nil,
              community.kind == .community, scope.contains(community.path) else {
            return try await render(req, input: input, problems: [FieldProblem("communityID", "请选择您管辖范围内的社区")])
        }
        do {
            let a = try await ServiceDesk.openActivity(.init(kind: f.kind ?? "", title: f.title ?? "", detail: f.detail ?? "", venue: f.venue ?? "", day: f.day ?? "",
                                                             start: f.start ?? "", end: f.end ?? "", capacity: f.capacity ?? ""),
                                                       community: community, author: try Author(req), on: req.db)
            return req.redirect(to: ServicePaths.activity(try a.requireID()), notice: "已发布活动，报到的党员可以在手机上报名。")
        } catch AppError.invalid(let problems) { return try await render(req, input: input, problems: problems) }
    }

    struct Model: Encodable, Sendable {
        struct Row: Encodable, Sendable { let id: Int; let name: String; let signedUp: String; let checkedIn: String?; let hours: String }
        let id: Int; let title: String; let kind: String; let detail: String?; let venue: String; let time: String; let capacity: String; let organiser: String
        let rows: [Row]?; let canCheckIn: Bool; let notStarted: Bool; let defaultHours: String
    }

    @Sendable func show(req: Request) async throws -> Response {
        let a = try await req.visible(ServiceActivity.self, path: \.$path)
        let signUps = try await ActivitySignUp.query(on: req.db).filter(\.$activityID == a.requireID()).sort(\.$signedUpAt).all()
        let hours = ServiceFigures.hours(max(0, (a.endsAt - a.startsAt) / 60))
        let model = Model(
            id: try a.requireID(), title: a.title, kind: a.kind.label, detail: a.detail.nonEmpty, venue: a.venue,
            time: "\(BeijingTime.format(seconds: a.startsAt).prefix(16)) 至 \(BeijingTime.format(seconds: a.endsAt).suffix(8).prefix(5))",
            capacity: a.capacity == 0 ? "不限" : "\(a.capacity)人", organiser: a.organiser,
            rows: try signUps.map { s in .init(id: try s.requireID(), name: s.name, signedUp: BeijingTime.format(seconds: s.signedUpAt),
                                               checkedIn: s.checkedInAt.map { "\(BeijingTime.format(seconds: $0))（\(s.checkedInBy ?? "")）" },
                                               hours: s.checkedInAt == nil ? "" : ServiceFigures.hours(s.minutes)) }.nonEmpty,
            canCheckIn: try req.currentUser.hasAny(Role.placeEditors), notStarted: Int(req.gongzhi.now().timeIntervalSince1970) < a.startsAt, defaultHours: hours)
        return try await req.page("service/activity", title: a.title, breadcrumbs: [.init("志愿服务活动", ServicePaths.activities.description), .init(a.title)], model)
    }

    struct CheckInForm: Content { var signUpID: String?; var hours: String? }

    /// The organiser checks a member in, in person: their hours for the activity are written once.
    @Sendable func checkIn(req: Request) async throws -> Response {
        let a = try await req.visible(ServiceActivity.self, path: \.$path)
        let form = try req.content.decode(CheckInForm.self)
        guard let id = Bounded.id(form.signUpID), let signUp = try await ActivitySignUp.find(id, on: req.db), signUp.activityID == a.id else {
            throw AppError.badRequest("请选择本活动报名的党员")
        }
        try await AppError.asOneMessage { try await ServiceDesk.checkIn(a, signUp: signUp, hours: form.hours ?? "", author: try Author(req), on: req.db) }
        return req.redirect(to: ServicePaths.activity(try a.requireID()), notice: "\(signUp.name)已签到，服务时长已计入。")
    }
}
