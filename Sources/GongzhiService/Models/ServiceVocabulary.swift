import GongzhiCore

/// Where a report-in stands: the community confirms it or returns it with a reason (docs/GLOSSARY.md, "Reporting in").
enum ReportStatus: String, Labelled {
    case submitted, confirmed, returned
    var label: String { switch self { case .submitted: "待确认"; case .confirmed: "已报到"; case .returned: "已退回" } }
}

/// Who reports in: an in-service party member to the community where they live, a unit's party organisation as a unit.
enum ReporterKind: String, Labelled {
    case member, unit
    var label: String { switch self { case .member: "在职党员"; case .unit: "单位党组织" } }
}

/// A need of the 需求清单: a resident's or a community's need, or a small wish (微心愿).
enum NeedKind: String, Labelled {
    case need, wish
    var label: String { switch self { case .need: "需求"; case .wish: "微心愿" } }
}

/// 居民点单、党员接单: placed, claimed, delivered, confirmed by the resident (or a worker on their behalf); or withdrawn.
enum NeedStatus: String, Labelled {
    case open, claimed, delivered, done, withdrawn
    var label: String {
        switch self { case .open: "待认领"; case .claimed: "已认领"; case .delivered: "待确认完成"; case .done: "已完成"; case .withdrawn: "已撤回" }
    }
}

/// A claim of a need by a member or a unit; the resident's confirmation closes it, a return reopens the need.
enum ClaimStatus: String, Labelled {
    case claimed, delivered, confirmed, returned, cancelled
    var label: String {
        switch self { case .claimed: "已认领"; case .delivered: "已完成待确认"; case .confirmed: "已确认"; case .returned: "未通过"; case .cancelled: "已放弃" }
    }
    /// A claim that still holds its need.
    var holdsNeed: Bool { self == .claimed || self == .delivered }
}

/// The 资源清单: what a unit or a member offers.
enum ResourceKind: String, Labelled {
    case space, people, money, skills
    var label: String { switch self { case .space: "场地"; case .people: "人力"; case .money: "资金"; case .skills: "技能" } }
}

enum ResourceStatus: String, Labelled {
    case idle, matched, withdrawn
    var label: String { switch self { case .idle: "待对接"; case .matched: "已对接"; case .withdrawn: "已撤回" } }
}

/// The 项目清单: a need matched with a resource under an agreement, carried to a result.
enum ProjectStatus: String, Labelled {
    case underway, completed
    var label: String { switch self { case .underway: "实施中"; case .completed: "已完成" } }
}

/// Ways members serve besides claims: a responsibility post, a dedication day, a volunteer activity.
enum ActivityKind: String, Labelled {
    case post, dedicationDay, volunteer
    var label: String { switch self { case .post: "党员责任岗"; case .dedicationDay: "党员奉献日"; case .volunteer: "志愿服务活动" } }
}
