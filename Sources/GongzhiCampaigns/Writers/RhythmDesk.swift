import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import GongzhiRegistry

/// The writes of the wall's rhythm, checked, all or nothing: a weekly report (only its commentary typed), a review
/// visit with its scores on the rubric in force, a supervision item and its rectification, a forum with follow-ups.
enum RhythmDesk {
    static let changed = CampaignsModule.name
    static let rubricKey = "campaigns.reviewRubric"
    /// The photo keys of a review's site photos and of a rectification's evidence (a task report's are the module's).
    static let reviewPhotos = "campaigns.reviews", findingPhotos = "campaigns.findings"

    /// The rubric in force (an administrator may change it; the default otherwise).
    static func rubric(on db: any Database) async throws -> ReviewRubric {
        guard let text = try await Setting.get(rubricKey, on: db), case .success(let rubric) = ReviewRubric.parse(text) else { return .standard }
        return rubric
    }

    // MARK: Weekly report

    @discardableResult
    static func submitWeekly(community: RegistryDirectory.PlaceEntry, week: Week, figures: [Highlight.Figure], commentary raw: String,
                             author: Author, on db: any Database) async throws -> WeeklyReport {
        var problems: [FieldProblem] = []
        let commentary = TextRule.note("工作小结", max: 2000, required: true).check(raw, field: "commentary", into: &problems)
        if Week(containing: author.today) < week { problems.append(FieldProblem("week", "\(week.label)还没到，不能提前报送")) }
        if try await WeeklyReport.query(on: db).filter(\.$communityID == community.id).filter(\.$week == week.description).first() != nil {
            problems.append(.conflict("week", "\(community.name)\(week.label)的周汇报已报送"))
        }
        guard problems.isEmpty, let commentary else { throw AppError.invalid(problems) }
        let report = WeeklyReport()
        report.communityID = community.id; report.path = community.path; report.week = week.description
        report.figures = figures.map { "\($0.label)\t\($0.value)" }.joined(separator: "\n")
        report.commentary = commentary; report.submittedBy = author.name; report.submittedAt = author.seconds
        try await db.transaction { db in
            try await report.create(on: db)
            try await DataRevision.bump(changed, on: db)
        }
        return report
    }

    // MARK: Reviews

    struct ReviewInput: Sendable {
        var kind = "", title = "", heldOn = "", placeID = "", reviewers = ""
        /// Scores by community id, then by rubric item (its position), as typed.
        var scores: [Int: [Int: String]] = [:]
    }

    /// Records a review and its scores: every score a whole number within the item's full marks; at least one
    /// community scored, each scored community on every item.
    @discardableResult
    static func recordReview(_ input: ReviewInput, subdistrict: RegistryDirectory.PlaceEntry, communities: [RegistryDirectory.PlaceEntry],
                             author: Author, on db: any Database) async throws -> Review {
        var problems: [FieldProblem] = []
        let kind = ReviewKind(rawValue: input.kind)
        if kind == nil { problems.append(FieldProblem("kind", "请选择观摩类型")) }
        let title = TextRule.title("观摩名称").check(input.title, field: "title", into: &problems)
        let day = DateRule("观摩日期").notAfter(author.today, "今天").check(input.heldOn, field: "heldOn", into: &problems)
        let reviewers = TextRule.note("评分人", max: 200, required: true).check(input.reviewers, field: "reviewers", into: &problems)
        let site = try await Bounded.id(input.placeID).asyncMap { try await RegistryDirectory.places(ids: [$0], on: db).first } ?? nil
        if site == nil || !site!.path.hasPrefix(subdistrict.path) { problems.append(FieldProblem("placeID", "请选择观摩现场（本街道的社区、楼院或楼栋）")) }
        let rubric = try await rubric(on: db)
        var rows: [(RegistryDirectory.PlaceEntry, String, Int)] = []
        for community in communities {
            let typed = input.scores[community.id] ?? [:]
            let filled = typed.filter { !$0.value.trimmedSpaces.isEmpty }
            if filled.isEmpty { continue }
            for (i, item) in rubric.items.enumerated() {
                do { rows.append((community, item.name, try Bounded.int(typed[i] ?? "", in: 0...item.points, label: "\(community.name)“\(item.name)”得分"))) }
                catch { problems.append(error.field("scores")) }
            }
        }
        if rows.isEmpty && problems.allSatisfy({ $0.field != "scores" }) { problems.append(FieldProblem("scores", "请至少为一个社区打分（未参加观摩的社区留空）")) }
        guard problems.isEmpty, let kind, let title, let day, let reviewers, let site else { throw AppError.invalid(problems) }
        let review = Review()
        review.kind = kind; review.title = title; review.heldOn = day.description; review.placeID = site.id; review.path = subdistrict.path
        review.reviewers = reviewers; review.rubric = rubric.text; review.recordedBy = author.name; review.recordedAt = author.seconds
        let scored = rows
        try await db.transaction { db in
            try await review.create(on: db)
            var insert = BulkInsert(ReviewScore.schema, columns: ["review_id", "community_id", "path", "item", "score"])
            for (c, item, score) in scored { insert.append([try review.requireID(), c.id, c.path, item, score]) }
            try await insert.run(on: db)
            try await DataRevision.bump(changed, on: db)
        }
        return review
    }

    /// A photo of the site visited, added to a review after it is recorded (as many as taken).
    static func addPhoto(_ photo: PhotoUpload?, to review: Review, author: Author, on db: any Database) async throws {
        guard let photo else { throw AppError.invalid("photo", "请选择照片") }
        try await db.transaction { db in
            try await photo.store(module: reviewPhotos, record: try review.requireID(), path: review.path, by: author.name, at: author.now, on: db)
            try await DataRevision.bump(changed, on: db)
        }
    }

    // MARK: Supervision

    struct FindingInput: Sendable { var placeID = "", text = "", owner = "", foundOn = "", deadline = "" }

    @discardableResult
    static func addFinding(_ input: FindingInput, source: FindingSource, forumID: Int? = nil, scope: PlaceScope, author: Author, on db: any Database) async throws -> Finding {
        var problems: [FieldProblem] = []
        let place = try await Bounded.id(input.placeID).asyncMap { try await RegistryDirectory.places(ids: [$0], on: db).first } ?? nil
        if place == nil || !scope.contains(place!.path) || ![.community, .compound, .building].contains(place!.kind) {
            problems.append(FieldProblem("placeID", "请选择您管辖范围内的社区、楼院或楼栋"))
        }
        let text = TextRule.note("督办事项", max: 500, required: true).check(input.text, field: "text", into: &problems)
        let owner = TextRule.title("责任人").check(input.owner, field: "owner", into: &problems)
        let found = DateRule("发现日期").notAfter(author.today, "今天").check(input.foundOn, field: "foundOn", into: &problems)
        let deadline = DateRule("整改期限").notBefore(found, "发现日期").check(input.deadline, field: "deadline", into: &problems)
        guard problems.isEmpty, let place, let text, let owner, let found, let deadline else { throw AppError.invalid(problems) }
        let finding = Finding()
        finding.source = source; finding.forumID = forumID; finding.placeID = place.id; finding.path = place.path; finding.text = text; finding.owner = owner
        finding.foundOn = found.description; finding.deadline = deadline.description; finding.recordedBy = author.name; finding.recordedAt = author.seconds
        try await db.transaction { db in
            try await finding.create(on: db)
            try await DataRevision.bump(changed, on: db)
        }
        return finding
    }

    static func rectify(_ finding: Finding, on day: String, how raw: String, photo: PhotoUpload? = nil, author: Author, on db: any Database) async throws {
        var problems: [FieldProblem] = []
        if finding.rectifiedOn != nil { problems.append(.conflict("rectification", "该事项已于\(finding.rectifiedOn!)整改")) }
        let date = DateRule("整改日期").notBefore(CivilDate(yyyymmdd: finding.foundOn), "发现日期").notAfter(author.today, "今天")
            .check(day, field: "rectifiedOn", into: &problems)
        let how = TextRule.note("整改情况", max: 500, required: true).check(raw, field: "rectification", into: &problems)
        guard problems.isEmpty, let date, let how else { throw AppError.invalid(problems) }
        finding.rectifiedOn = date.description; finding.rectification = how
        try await db.transaction { db in
            try await finding.update(on: db)
            try await photo?.store(module: findingPhotos, record: try finding.requireID(), path: finding.path, by: author.name, at: author.now, on: db)
            try await DataRevision.bump(changed, on: db)
        }
    }

    // MARK: Forums

    struct ForumInput: Sendable { var heldOn = "", theme = "", speakers = "", topics = ""; var followUps: [FindingInput] = [] }

    /// Records a forum and its follow-ups (each a supervision item with its owner and deadline), all at once.
    @discardableResult
    static func recordForum(_ input: ForumInput, subdistrict: RegistryDirectory.PlaceEntry, scope: PlaceScope, author: Author, on db: any Database) async throws -> ForumSession {
        var problems: [FieldProblem] = []
        let day = DateRule("论坛日期").notAfter(author.today, "今天").check(input.heldOn, field: "heldOn", into: &problems)
        let theme = TextRule.title("主题").check(input.theme, field: "theme", into: &problems)
        let speakers = TextRule.note("交流发言", max: 500, required: true).check(input.speakers, field: "speakers", into: &problems)
        let topics = TextRule.note("议题", max: 2000, required: true).check(input.topics, field: "topics", into: &problems)
        let followUps = input.followUps.filter { !$0.text.trimmedSpaces.isEmpty }
        guard problems.isEmpty, let day, let theme, let speakers, let topics else { throw AppError.invalid(problems) }
        let session = ForumSession()
        session.heldOn = day.description; session.theme = theme; session.speakers = speakers; session.topics = topics; session.path = subdistrict.path
        session.recordedBy = author.name; session.recordedAt = author.seconds
        try await db.transaction { db in
            try await session.create(on: db)
            for var f in followUps {
                f.foundOn = day.description
                do { try await addFinding(f, source: .forum, forumID: try session.requireID(), scope: scope, author: author, on: db) }
                catch AppError.invalid(let list) { throw AppError.invalid(list.map { FieldProblem("followUps", "跟进事项“\(f.text.prefix(20))”：\($0.message)") }) }
            }
            try await DataRevision.bump(changed, on: db)
        }
        return session
    }
}
