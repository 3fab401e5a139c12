import Fluent
import GongzhiCore
import GongzhiKit
import Vapor

/// The review rubric in force (a setting the system administrator keeps): a review keeps the rubric it was scored
/// on, so a change never rewrites past scores.
struct RubricController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.allow([.administrator])
        admin.get(CampaignPaths.rubric, use: rubric)
        admin.post(CampaignPaths.rubric, use: saveRubric)
    }

    struct RubricModel: Encodable, Sendable { let text: String; let standard: String; let error: String? }

    @Sendable func rubric(req: Request) async throws -> Response {
        try await req.page("campaigns/rubric", title: "观摩评分表", breadcrumbs: [.init("观摩评分表")],
                           RubricModel(text: try await RhythmDesk.rubric(on: req.db).text, standard: ReviewRubric.standard.text, error: nil))
    }

    struct RubricForm: Content { var rubric: String? }

    @Sendable func saveRubric(req: Request) async throws -> Response {
        let text = try req.content.decode(RubricForm.self).rubric ?? ""
        switch ReviewRubric.parse(text) {
        case .failure(let problem):
            return try await req.page("campaigns/rubric", title: "观摩评分表", breadcrumbs: [.init("观摩评分表")],
                                      RubricModel(text: text, standard: ReviewRubric.standard.text, error: problem.description), status: .unprocessableEntity)
        case .success(let rubric):
            try await Setting.set(RhythmDesk.rubricKey, rubric.text, on: req.db)
            try await req.audit(action: "set-review-rubric", target: CampaignPaths.rubric.description, detail: "观摩评分表改为：\(rubric.items.map { "\($0.name)\($0.points)分" }.joined(separator: "、"))")
            return req.redirect(to: CampaignPaths.rubric.description, notice: "已保存。此后的观摩按新评分表打分，已有观摩保留当时的评分表。")
        }
    }
}
