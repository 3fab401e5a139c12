/// The yearly evaluation of a regional committee's member unit (成员单位年度评价), counted from its records: the
/// joint meetings it attended of those its committees held, the resources it delivered into projects, and the projects
/// and claims it completed. The formula is shown on the page beside every score.
public enum UnitEvaluation {
    public struct Record: Sendable, Equatable {
        public let meetingsHeld: Int, meetingsAttended: Int, resourcesDelivered: Int, projectsCompleted: Int, claimsConfirmed: Int
        public init(meetingsHeld: Int, meetingsAttended: Int, resourcesDelivered: Int, projectsCompleted: Int, claimsConfirmed: Int) {
            self.meetingsHeld = meetingsHeld; self.meetingsAttended = min(meetingsAttended, meetingsHeld)
            self.resourcesDelivered = resourcesDelivered; self.projectsCompleted = projectsCompleted; self.claimsConfirmed = claimsConfirmed
        }
    }

    public static let attendancePoints = 40, perResource = 10, resourceCap = 30, perCompletion = 15, completionCap = 30

    /// 得分 = 出席率 × 40 + 对接资源数 × 10（至多30） + （完成项目数 + 完成认领数）× 15（至多30）
    public static let formula = "得分 = 联席会议出席率 × \(attendancePoints) + 对接资源数 × \(perResource)（至多\(resourceCap)） + （完成项目数 + 完成认领数）× \(perCompletion)（至多\(completionCap)）；当年未召开联席会议的，出席分计满分"

    public static func attendance(_ r: Record) -> Int {
        r.meetingsHeld == 0 ? attendancePoints : (r.meetingsAttended * attendancePoints * 2 + r.meetingsHeld) / (r.meetingsHeld * 2)
    }
    public static func resources(_ r: Record) -> Int { min(r.resourcesDelivered * perResource, resourceCap) }
    public static func completions(_ r: Record) -> Int { min((r.projectsCompleted + r.claimsConfirmed) * perCompletion, completionCap) }
    /// 0–100, the attendance share rounded half up to whole points.
    public static func score(_ r: Record) -> Int { attendance(r) + resources(r) + completions(r) }

    public enum Grade: String, Sendable, CaseIterable {
        case excellent, good, pass, improve
        public var label: String { switch self { case .excellent: "优秀"; case .good: "良好"; case .pass: "合格"; case .improve: "待改进" } }
        public static func of(_ score: Int) -> Grade { score >= 80 ? .excellent : score >= 60 ? .good : score >= 40 ? .pass : .improve }
        public static let thresholds = "80分以上为优秀（评为年度优秀共建单位），60分以上为良好，40分以上为合格"
    }
}
