import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import Vapor

/// Weekly reports (周汇报) — a community's week counted from the records, the worker adding only commentary — and
/// review visits (观摩) scored on the rubric in force.
struct RhythmController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(CampaignPaths.weekly, use: weekly)
        routes.get(CampaignPaths.weeklyReport, use: weeklyReport)
        routes.get(CampaignPaths.reviews, use: reviews)
        routes.get(CampaignPaths.review, use: review)
        let editors = routes.allow(Role.placeEditors)
        editors.post(CampaignPaths.weekly, use: submitWeekly)
        // Reviews are held by the subdistrict: its workers record them.
        let subdistrict = routes.allow([.subdistrictWorker])
        subdistrict.post(CampaignPaths.reviews, use: recordReview)
        subdistrict.post(CampaignPaths.reviewPhotos, use: addPhoto)
    }

    // MARK: Weekly reports

    struct WeeklyModel: Encodable, Sendable {
        let filters: [Picker]; let community: String?; let week: String; let weekValue: String; let figures: [Highlight.Figure]
        let sent: Sent?; let canSend: Bool; let history: Table; let query: String; let input: [String: String]; let errors: FormErrors
        struct Sent: Encodable, Sendable { let id: Int; let by: String; let at: String }
    }

    @Sendable func weekly(req: Request) async throws -> Response { try await renderWeekly(req, input: [:], problems: []) }

    func renderWeekly(_ req: Request, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        let user = try req.currentUser
        let filter = try await CommunityFilter.read(req)
        let today = BeijingTime.day(of: req.gongzhi.now())
        let week = try Self.week(req, today: today)
        // A worker of one community reports for it; a subdistrict worker chooses.
        let community = filter.chosen ?? (filter.communities.count == 1 ? filter.communities.first : nil)
        var figures: [Highlight.Figure] = [], sent: WeeklyModel.Sent?
        if let community {
            if let report = try await WeeklyReport.query(on: req.db).filter(\.$communityID == community.id).filter(\.$week == week.description).first() {
                figures = Self.figures(report.figures)
                sent = .init(id: try report.requireID(), by: report.submittedBy, at: BeijingTime.format(seconds: report.submittedAt))
            } else {
                figures = try await Outcomes.week(week, of: community, today: today, on: req.db)
            }
        }
        let reports = try await WeeklyReport.query(on: req.db).within(filter.scope, \.$path).sort(\.$week, .descending).sort(\.$id).limit(200).all()
        let names = Dictionary(uniqueKeysWithValues: filter.communities.map { ($0.id, $0.name) })
        let history = Table(columns: [.plain("周"), .plain("社区"), .plain("报送人"), .plain("报送时间")], rows: try reports.map { r in
            Table.Row([.init(Week(r.week)?.label ?? r.week, link: CampaignPaths.weeklyReport(try r.requireID())), .init(names[r.communityID] ?? "—"),
                       .init(r.submittedBy), .init(BeijingTime.format(seconds: r.submittedAt))])
        }, emptyText: "还没有报送的周汇报")
        let weeks = (0..<8).map { Week(containing: today.adding(days: -7 * $0)) }
        let model = WeeklyModel(
            filters: [filter.picker, Picker(name: "week", label: "周", options: weeks.map { .init($0.description, $0.label) }, selected: week.description, ordered: true)],
            community: community?.name, week: week.label, weekValue: week.description, figures: figures, sent: sent,
            canSend: community != nil && sent == nil && user.hasAny(Role.placeEditors), history: history,
            query: req.url.query.map { "?" + $0 } ?? "", input: input, errors: FormErrors(problems))
        return try await req.page("campaigns/weekly", title: "周汇报", breadcrumbs: [.init("挂图作战", CampaignPaths.campaigns.description), .init("周汇报")], model,
                                  status: problems.isEmpty ? .ok : problems.status)
    }

    static func week(_ req: Request, today: CivilDate) throws -> Week {
        guard let text = req.queryValue("week") else { return Week(containing: today) }
        guard let week = Week(text) else { throw AppError.badRequest("参数week（周）应写成如2026-W49") }
        return week
    }

    static func figures(_ text: String) -> [Highlight.Figure] {
        text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            return parts.count == 2 ? Highlight.Figure(parts[0], parts[1]) : nil
        }
    }

    struct WeeklyForm: Content { var commentary: String? }

    @Sendable func submitWeekly(req: Request) async throws -> Response {
        let filter = try await CommunityFilter.read(req)
        guard let community = filter.chosen ?? (filter.communities.count == 1 ? filter.communities.first : nil),
              try req.currentUser.scope(for: Role.placeEditors).contains(community.path) else {
            throw AppError.badRequest("请先选择您负责的社区")
        }
        let today = BeijingTime.day(of: req.gongzhi.now())
        let week = try Self.week(req, today: today)
        let commentary = try req.content.decode(WeeklyForm.self).commentary ?? ""
        do {
            let figures = try await Outcomes.week(week, of: community, today: today, on: req.db)
            let report = try await RhythmDesk.submitWeekly(community: community, week: week, figures: figures, commentary: commentary, author: try Author(req), on: req.db)
            return req.redirect(to: CampaignPaths.weeklyReport(try report.requireID()), notice: "已报送\(community.name)\(week.label)的周汇报。")
        } catch AppError.invalid(let problems) {
            return try await renderWeekly(req, input: ["commentary": commentary], problems: problems)
        }
    }

    struct OneWeekly: Encodable, Sendable { let community: String; let week: String; let figures: [Highlight.Figure]; let commentary: String; let by: String; let at: String }

    /// One weekly report as sent, to read or print.
    @Sendable func weeklyReport(req: Request) async throws -> Response {
        let report = try await req.visible(WeeklyReport.self, path: \.$path)
        let community = try await RegistryDirectory.places(ids: [report.communityID], on: req.db).first?.name ?? ""
        let title = "\(community)周汇报"
        return try await req.page("campaigns/weekly-report", title: title, breadcrumbs: [.init("周汇报", CampaignPaths.weekly.description), .init(title)],
                                  OneWeekly(community: community, week: Week(report.week)?.label ?? report.week, figures: Self.figures(report.figures),
                                            commentary: report.commentary, by: report.submittedBy, at: BeijingTime.format(seconds: report.submittedAt)))
    }

    // MARK: Reviews

    struct ReviewsModel: Encodable, Sendable {
        let table: Table; let canRecord: Bool; let rubric: [Item]; let rubricTotal: Int; let communities: [Row]?; let sites: Picker?
        let kinds: [Choice]; let input: [String: String]; let errors: FormErrors
        struct Row: Encodable, Sendable { let id: Int; let name: String; let cells: [Cell] }
        struct Cell: Encodable, Sendable { let name: String; let value: String; let max: Int }
        struct Choice: Encodable, Sendable { let value: String; let label: String }
        struct Item: Encodable, Sendable { let name: String; let points: Int }
    }

    /// The subdistrict above the user's places, which holds reviews and forums.
    static func subdistrict(_ req: Request) async throws -> RegistryDirectory.PlaceEntry? {
        guard let first = try req.currentUser.scope().paths.first, let id = PlaceScope.ids(in: first).first else { return nil }
        return try await RegistryDirectory.places(ids: [id], on: req.db).first
    }

    @Sendable func reviews(req: Request) async throws -> Response { try await renderReviews(req, input: [:], problems: []) }

    func renderReviews(_ req: Request, input: [String: String], problems: [FieldProblem]) async throws -> Response {
        let user = try req.currentUser
        let scope = user.scope()
        let list = try await Review.query(on: req.db).sort(\.$heldOn, .descending).all().filter { scope.overlaps($0.path) }
        let sites = try await RegistryDirectory.places(ids: Array(Set(list.map(\.placeID))), on: req.db)
        let siteNames = Dictionary(uniqueKeysWithValues: sites.map { ($0.id, $0.name) })
        let table = Table(columns: [.plain("日期"), .plain("观摩"), .plain("类型"), .plain("现场"), .plain("评分人")], rows: try list.map { r in
            Table.Row([.init(r.heldOn), .init(r.title, link: CampaignPaths.review(try r.requireID())), .init(r.kind.label), .init(siteNames[r.placeID] ?? "—"), .init(r.reviewers)])
        }, emptyText: "还没有观摩记录")
        let subdistrict = try await Self.subdistrict(req)
        // Reviews are held by the subdistrict: its workers record them.
        let canRecord = user.hasAny(Role.placeEditors) && subdistrict.map { user.scope(for: Role.placeEditors).contains($0.path) } == true
        let rubric = try await RhythmDesk.rubric(on: req.db)
        var rows: [ReviewsModel.Row]?, sitePicker: Picker?
        if canRecord, let subdistrict {
            let communities = try await RegistryDirectory.places(.community, within: PlaceScope(paths: [subdistrict.path]), on: req.db).sorted { $0.sortOrder < $1.sortOrder }
            rows = communities.map { c in
                .init(id: c.id, name: c.name, cells: rubric.items.enumerated().map { i, item in .init(name: "s-\(c.id)-\(i)", value: input["s-\(c.id)-\(i)"] ?? "", max: item.points) })
            }
            let compounds = try await RegistryDirectory.places(.compound, within: PlaceScope(paths: [subdistrict.path]), on: req.db)
            sitePicker = Picker(name: "placeID", label: "观摩现场", options: (communities + compounds).map { .init(String($0.id), $0.address.isEmpty ? $0.name : $0.address) },
                                selected: input["placeID"], empty: "请选择", error: problems.byField["placeID"])
        }
        let model = ReviewsModel(table: table, canRecord: canRecord, rubric: rubric.items.map { .init(name: $0.name, points: $0.points) }, rubricTotal: rubric.total, communities: rows, sites: sitePicker,
                                 kinds: ReviewKind.allCases.map { .init(value: $0.rawValue, label: $0.label) },
                                 input: input.isEmpty ? ["heldOn": BeijingTime.day(of: req.gongzhi.now()).description] : input, errors: FormErrors(problems))
        return try await req.page("campaigns/reviews", title: "观摩评比", breadcrumbs: [.init("挂图作战", CampaignPaths.campaigns.description), .init("观摩评比")], model,
                                  status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func recordReview(req: Request) async throws -> Response {
        guard let subdistrict = try await Self.subdistrict(req), try req.currentUser.scope(for: Role.placeEditors).contains(subdistrict.path) else {
            throw AppError.forbidden
        }
        let values = try req.content.decode([String: String].self)
        var input = RhythmDesk.ReviewInput(kind: values["kind"] ?? "", title: values["title"] ?? "", heldOn: values["heldOn"] ?? "",
                                           placeID: values["placeID"] ?? "", reviewers: values["reviewers"] ?? "")
        for (key, value) in values where key.hasPrefix("s-") {
            let parts = key.split(separator: "-")
            guard parts.count == 3, let c = Int(parts[1]), let i = Int(parts[2]), (0..<12).contains(i) else { continue }
            input.scores[c, default: [:]][i] = value
        }
        let communities = try await RegistryDirectory.places(.community, within: PlaceScope(paths: [subdistrict.path]), on: req.db)
        do {
            let review = try await RhythmDesk.recordReview(input, subdistrict: subdistrict, communities: communities, author: try Author(req), on: req.db)
            return req.redirect(to: CampaignPaths.review(try review.requireID()), notice: "观摩评分已保存。")
        } catch AppError.invalid(let problems) {
            return try await renderReviews(req, input: values.filter { $0.key != "_csrf" }, problems: problems)
        }
    }

    struct ReviewModel: Encodable, Sendable {
        let id: Int; let title: String; let facts: [Highlight.Figure]; let table: Table; let photos: [Int]?; let canAddPhoto: Bool; let photoField: String
    }

    /// One review: every community scored, item by item, with its total and its place in that review.
    @Sendable func review(req: Request) async throws -> Response {
        let review = try await req.visible({ try await Review.find($0, on: req.db) }, path: \.path, reaching: true)
        let rubric = (try? ReviewRubric.parse(review.rubric).get()) ?? .standard
        let scope = try req.currentUser.scope()
        let scores = try await ReviewScore.query(on: req.db).filter(\.$reviewID == (try review.requireID())).all()
        let communities = try await RegistryDirectory.places(ids: Array(Set(scores.map(\.communityID))), on: req.db)
        let totals = Dictionary(grouping: scores, by: \.communityID).mapValues { $0.reduce(0) { $0 + $1.score } }
        let ordered = communities.sorted { (totals[$0.id] ?? 0, $1.sortOrder) > (totals[$1.id] ?? 0, $0.sortOrder) }
        let rows = ordered.enumerated().map { i, c in
            let own = scores.filter { $0.communityID == c.id }
            return Table.Row([.init(String(i + 1), numeric: true), .init(c.name)]
                             + rubric.items.map { item in Table.Cell(own.first { $0.item == item.name }.map { String($0.score) } ?? "—", numeric: true) }
                             + [.init(totals[c.id] ?? 0)], attention: scope.contains(c.path) && ordered.count > 1)
        }
        let site = try await RegistryDirectory.places(ids: [review.placeID], on: req.db).first
        let photos = try await PhotoUpload.photos(of: RhythmDesk.reviewPhotos, records: [try review.requireID()], on: req.db)[try review.requireID()]
        let user = try req.currentUser
        let model = ReviewModel(id: try review.requireID(), title: review.title, facts: [.init("类型", review.kind.label), .init("日期", review.heldOn), .init("现场", site?.address ?? "—"),
                                                             .init("评分人", review.reviewers), .init("满分", "\(rubric.total)分")],
                                table: Table(columns: [.plain("名次", numeric: true), .plain("社区")] + rubric.items.map { .plain("\($0.name)（\($0.points)）", numeric: true) }
                                             + [.plain("合计", numeric: true)], rows: rows),
                                photos: photos, canAddPhoto: user.has(.subdistrictWorker) && user.scope(for: [.subdistrictWorker]).contains(review.path),
                                photoField: PhotoUpload.field(label: "现场照片", error: nil))
        return try await req.page("campaigns/review", title: review.title, breadcrumbs: [.init("观摩评比", CampaignPaths.reviews.description), .init(review.title)], model)
    }

    struct PhotoForm: Content { var photo: File?; var thumbnail: File? }

    @Sendable func addPhoto(req: Request) async throws -> Response {
        let review = try await req.visible({ try await Review.find($0, on: req.db) }, path: \.path)
        let form = try req.content.decode(PhotoForm.self)
        let author = try Author(req)
        try await AppError.asOneMessage {
            let photo = try PhotoUpload.checked(form.photo, thumbnail: form.thumbnail)
            try await RhythmDesk.addPhoto(photo, to: review, author: author, on: req.db)
        }
        return req.redirect(to: CampaignPaths.review(try review.requireID()), notice: "照片已保存。")
    }
}
