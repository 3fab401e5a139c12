import Testing
@testable import GongzhiCore

/// The yearly evaluation of a member unit follows its formula: attendance × 40, resources × 10 up to 30, projects and
/// claims completed × 15 up to 30; a year without meetings scores attendance in full.
struct UnitEvaluationTests {
    @Test(arguments: [
        // held, attended, resources, projects, claims → score, grade
        (4, 4, 3, 2, 0, 100, UnitEvaluation.Grade.excellent),
        (4, 3, 1, 1, 0, 55, .pass),            // 30 + 10 + 15
        (3, 2, 0, 0, 1, 42, .pass),            // 26.67 → 27, + 0 + 15
        (3, 1, 5, 0, 0, 43, .pass),            // 13.33 → 13, resources capped at 30
        (0, 0, 0, 0, 0, 40, .pass),            // no meetings held: attendance in full
        (6, 0, 0, 0, 0, 0, .improve),
        (4, 2, 2, 0, 0, 40, .pass),
        (2, 2, 2, 1, 5, 90, .excellent),       // completions capped at 30
        (5, 4, 2, 0, 1, 67, .good),            // 32 + 20 + 15
        (2, 5, 0, 0, 0, 40, .pass),            // attended can never exceed held
    ])
    func scoreFollowsTheFormula(held: Int, attended: Int, resources: Int, projects: Int, claims: Int, score: Int, grade: UnitEvaluation.Grade) {
        let record = UnitEvaluation.Record(meetingsHeld: held, meetingsAttended: attended, resourcesDelivered: resources, projectsCompleted: projects, claimsConfirmed: claims)
        #expect(UnitEvaluation.score(record) == score)
        #expect(UnitEvaluation.Grade.of(UnitEvaluation.score(record)) == grade)
        #expect(UnitEvaluation.attendance(record) + UnitEvaluation.resources(record) + UnitEvaluation.completions(record) == score)
        #expect((0...100).contains(score))
    }
}
