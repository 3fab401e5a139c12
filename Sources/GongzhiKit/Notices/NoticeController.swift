import Fluent
import Foundation
import GongzhiCore
import Vapor

/// A notice as anyone reads it (no sign-in), the chain check anyone can run, objections from the people the notice
/// concerns, answers and corrections from the community.
struct NoticeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let open = routes.allow(.anyone)
        open.get(NoticePaths.notices, use: index)
        open.get(NoticePaths.verify, use: verify)
        open.get(NoticePaths.notice, use: show)
        routes.allow(.signedIn).post(NoticePaths.objections, use: object)
        let editors = routes.allow(Role.placeEditors)
        editors.post(NoticePaths.answer, use: answer)
        editors.post(NoticePaths.corrections, use: correct)
    }

    struct ListModel: Encodable, Sendable {
        struct Item: Encodable, Sendable { let id: Int; let title: String; let kind: String; let author: String; let period: String; let current: Bool }
        struct Place: Encodable, Sendable { let name: String; let link: String; let shown: Bool }
        let items: [Item]?
        let places: [Place]
        let place: String?
    }

    /// The latest notices, newest first: all, or those of a community or compound (`?place=`) and the places beneath it.
    @Sendable func index(req: Request) async throws -> Response {
        var query = PublicNotice.query(on: req.db).sort(\.$id, .descending).limit(200)
        var shown: PlaceDirectory.Entry?
        if let id = try req.queryID("place", label: "地点") {
            guard let place = try await req.gongzhi.places.find(req.db, id) else { throw AppError.notFound("没有这个地点") }
            shown = place
            query = query.within(PlaceScope(paths: [place.path]), \.$path)
        }
        let notices = try await query.all()
        let today = BeijingTime.day(of: req.gongzhi.now()).description
        let items = try notices.map { n in
            ListModel.Item(id: try n.requireID(), title: n.title, kind: n.kind.label, author: n.author, period: n.period, current: n.runsFrom <= today && today <= n.runsUntil)
        }
        let places = try await req.gongzhi.places.choices(req.db).map {
            ListModel.Place(name: $0.name, link: "\(NoticePaths.notices)?place=\($0.id)", shown: $0.id == shown?.id)
        }
        return try await req.page("notices/index", title: shown.map { "\($0.name)的公示公告" } ?? "公示公告", breadcrumbs: [.init("公示公告")],
                                  ListModel(items: items.nonEmpty, places: places, place: shown?.name))
    }

    struct Model: Encodable, Sendable {
        struct Objection: Encodable, Sendable { let id: Int; let text: String; let raisedAt: String; let answer: String?; let answeredAt: String?; let due: String; let late: Bool }
        struct Link: Encodable, Sendable { let id: Int; let title: String }
        let id: Int; let title: String; let kind: String; let body: String; let author: String; let publishedAt: String; let period: String
        let objectionsUntil: String?; let hash: String; let previousHash: String?
        let placeID: Int
        let corrects: Link?; let correctedBy: [Link]?
        let objections: [Objection]?
        let canObject: Bool; let canAnswer: Bool; let signedIn: Bool
        let errors: FormErrors
    }

    @Sendable func show(req: Request) async throws -> Response { try await render(req, problems: []) }

    func render(_ req: Request, problems: [FieldProblem]) async throws -> Response {
        let notice = try await find(req)
        let id = try notice.requireID()
        let user = req.currentUserIfAny
        let today = BeijingTime.day(of: req.gongzhi.now())
        let objections = try await NoticeObjection.query(on: req.db).filter(\.$noticeID == id).sort(\.$id).all()
        let corrections = try await PublicNotice.query(on: req.db).filter(\.$correctsID == id).sort(\.$id).all()
        let corrected = try await notice.correctsID.asyncMap { try await PublicNotice.find($0, on: req.db) } ?? nil
        let model = Model(
            id: id, title: notice.title, kind: notice.kind.label, body: notice.body, author: notice.author, publishedAt: BeijingTime.format(seconds: notice.publishedAt),
            period: notice.period, objectionsUntil: notice.objectionsUntil, hash: notice.hash, previousHash: notice.previousHash.nonEmpty, placeID: notice.placeID,
            corrects: try corrected.map { Model.Link(id: try $0.requireID(), title: $0.title) },
            correctedBy: try corrections.map { Model.Link(id: try $0.requireID(), title: $0.title) }.nonEmpty,
            // Who raised an objection is not published: the text and the answer are.
            objections: try objections.map { o in
                Model.Objection(id: try o.requireID(), text: o.text, raisedAt: BeijingTime.format(seconds: o.raisedAt), answer: o.answer, answeredAt: o.answeredAt.map(BeijingTime.format(seconds:)),
                                due: o.answerDue.description, late: o.answer == nil && today > o.answerDue)
            }.nonEmpty,
            canObject: user.map { concerns(notice, $0) } ?? false && objectionsOpen(notice, today: today),
            canAnswer: user.map { $0.hasAny(Role.placeEditors) && $0.scope().contains(notice.path) } ?? false,
            signedIn: user != nil, errors: FormErrors(problems))
        return try await req.page("notices/notice", title: notice.title, breadcrumbs: [.init("公示公告", NoticePaths.notices.description), .init(notice.title)], model,
                                  status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    func find(_ req: Request) async throws -> PublicNotice {
        guard let notice = try await PublicNotice.find(try req.routeID(), on: req.db) else { throw AppError.notFound("没有这份公告") }
        return notice
    }

    /// Whether the notice concerns the user: it is posted for a place that holds theirs, or theirs holds it.
    func concerns(_ notice: PublicNotice, _ user: CurrentUser) -> Bool {
        user.grants.contains { notice.path.hasPrefix($0.placePath) || $0.placePath.hasPrefix(notice.path) }
    }

    func objectionsOpen(_ notice: PublicNotice, today: CivilDate) -> Bool {
        guard let until = notice.objectionsUntil.flatMap({ CivilDate(typed: $0) }) else { return false }
        return today <= until
    }

    struct ObjectionForm: Content { var text: String; var raisedBy: String? }

    /// An objection from someone the notice concerns: a resident in their own name, or a worker writing one down.
    @Sendable func object(req: Request) async throws -> Response {
        let notice = try await find(req)
        let user = try req.currentUser
        guard concerns(notice, user) else { throw AppError.forbidden }
        guard objectionsOpen(notice, today: BeijingTime.day(of: req.gongzhi.now())) else {
            throw AppError.conflict(notice.objectionsUntil.map { "异议期已于\($0)结束" } ?? "这份公告不征求异议")
        }
        let form = try req.content.decode(ObjectionForm.self)
        var problems: [FieldProblem] = []
        let text = TextRule.note("异议内容", max: 1000, required: true).check(form.text, field: "text", into: &problems)
        let writesForSomeone = user.hasAny(Role.placeEditors)
        let name = writesForSomeone ? TextRule.personName("提出人").check(form.raisedBy ?? "", field: "raisedBy", into: &problems) : user.displayName
        guard problems.isEmpty, let text, let name else { return try await render(req, problems: problems) }
        let objection = NoticeObjection()
        objection.noticeID = try notice.requireID(); objection.path = notice.path; objection.text = text; objection.raisedBy = name
        objection.userID = user.id; objection.raisedAt = Int(req.gongzhi.now().timeIntervalSince1970)
        try await objection.create(on: req.db)
        return req.redirect(to: NoticePaths.notice(try notice.requireID()), notice: "异议已提交，社区将在\(NoticeObjection.answerDays)日内答复。")
    }

    struct AnswerForm: Content { var answer: String }

    @Sendable func answer(req: Request) async throws -> Response {
        let notice = try await find(req)
        guard try req.currentUser.scope().contains(notice.path) else { throw AppError.forbidden }
        guard let objectionID = Bounded.id(req.parameters.get("objection")),
              let objection = try await NoticeObjection.find(objectionID, on: req.db), objection.noticeID == (try notice.requireID()) else { throw AppError.forbidden }
        guard objection.answer == nil else { throw AppError.conflict("这条异议已经答复") }
        let form = try req.content.decode(AnswerForm.self)
        var problems: [FieldProblem] = []
        guard let text = TextRule.note("答复", max: 2000, required: true).check(form.answer, field: "answer", into: &problems) else { return try await render(req, problems: problems) }
        objection.answer = text; objection.answeredBy = try req.currentUser.displayName; objection.answeredAt = Int(req.gongzhi.now().timeIntervalSince1970)
        try await objection.update(on: req.db)
        return req.redirect(to: NoticePaths.notice(try notice.requireID()), notice: "已答复异议。")
    }

    struct CorrectionForm: Content { var title: String; var body: String }

    /// A correction is a new notice naming the one it corrects, which stays as it was.
    @Sendable func correct(req: Request) async throws -> Response {
        let notice = try await find(req)
        guard try req.currentUser.scope().contains(notice.path) else { throw AppError.forbidden }
        let form = try req.content.decode(CorrectionForm.self)
        var problems: [FieldProblem] = []
        let title = TextRule.title("更正标题").check(form.title, field: "title", into: &problems)
        let body = TextRule.note("更正内容", max: 10_000, required: true).check(form.body, field: "body", into: &problems)
        guard problems.isEmpty, let title, let body else { return try await render(req, problems: problems) }
        let today = BeijingTime.day(of: req.gongzhi.now())
        let draft = NoticeChain.Draft(placeID: notice.placeID, path: notice.path, kind: .correction, title: title, body: body, source: notice.source,
                                      author: notice.author, runsFrom: today, runsUntil: today.adding(days: 6), correctsID: try notice.requireID())
        let published = try await req.db.transaction { db in try await NoticesModule.publish(draft, by: req, on: db) }
        return req.redirect(to: NoticePaths.notice(try published.requireID()), notice: "已发布更正公告；原公告保持不变，并注明已被更正。")
    }

    struct VerifyModel: Encodable, Sendable { let checked: Int; let problems: [String]; let intact: Bool }

    /// Recomputes every chain and compares it with the audit log: anyone can check that no notice was changed.
    @Sendable func verify(req: Request) async throws -> Response {
        let report = try await NoticeChain.verify(audited: try await NoticeChain.auditedHashes(on: req.db), on: req.db)
        return try await req.page("notices/verify", title: "公告核验", breadcrumbs: [.init("公示公告", NoticePaths.notices.description), .init("核验")],
                                  VerifyModel(checked: report.checked, problems: report.problems.map(\.description), intact: report.problems.isEmpty))
    }
}
