/// The registry's vocabulary (docs/GLOSSARY.md): English identifiers in code, Chinese in the interface.
public protocol Labelled: CaseIterable, RawRepresentable, Codable, Sendable where RawValue == String {
    var label: String { get }
}

public extension Labelled {
    init?(label: String) {
        guard let match = Self.allCases.first(where: { $0.label == label || $0.rawValue == label }) else { return nil }
        self = match
    }
    static var labels: String { allCases.map(\.label).joined(separator: "、") }
}

public enum PlaceKind: String, Labelled {
    case subdistrict, community, grid, compound, building, entrance, floor, dwelling
    public var label: String {
        switch self {
        case .subdistrict: "街道"; case .community: "社区"; case .grid: "网格"; case .compound: "楼院"
        case .building: "楼栋"; case .entrance: "单元"; case .floor: "楼层"; case .dwelling: "房屋"
        }
    }
    /// The kinds a place of this kind may hold; a grid is an optional layer inside a community.
    public var childKinds: [PlaceKind] {
        switch self {
        case .subdistrict: [.community]
        case .community: [.grid, .compound]
        case .grid: [.compound]
        case .compound: [.building]
        case .building: [.entrance]
        case .entrance: [.floor]
        case .floor: [.dwelling]
        case .dwelling: []
        }
    }
}

public enum ManagementType: String, Labelled {
    case propertyManaged, ownerless, unitManaged, selfManaged
    public var label: String {
        switch self {
        case .propertyManaged: "物业管理"; case .ownerless: "无主管"; case .unitManaged: "单位自管"; case .selfManaged: "居民自管"
        }
    }
}

public enum Residency: String, Labelled {
    case registered, permanent, floating
    public var label: String {
        switch self { case .registered: "户籍"; case .permanent: "常住"; case .floating: "流动" }
    }
}

public enum ResidentTag: String, Labelled {
    case elderly, disabled, lowIncome, veteran, minor
    public var label: String {
        switch self {
        case .elderly: "老年人"; case .disabled: "残疾人"; case .lowIncome: "低保"; case .veteran: "退役军人"; case .minor: "未成年人"
        }
    }
    public struct UnknownTag: Error { public let text: String }
    /// The tags of a ledger cell, `老年人、低保` (any of 、,，; and space between).
    public static func split(_ text: String) -> [String] { text.split(whereSeparator: { "、,，;； ".contains($0) }).map(String.init) }
    /// Parses `老年人、低保` (any of 、,，; as separators), naming the first unknown tag.
    public static func parse(_ text: String) throws(UnknownTag) -> [ResidentTag] {
        var tags: [ResidentTag] = []
        for part in split(text) {
            guard let tag = ResidentTag(label: part) else { throw UnknownTag(text: part) }
            if !tags.contains(tag) { tags.append(tag) }
        }
        return tags
    }
}

public enum Gender: String, Labelled {
    case male, female
    public var label: String { self == .male ? "男" : "女" }
}

public enum PartyOrganizationKind: String, Labelled {
    case subdistrictWorkingCommittee, regionalWorkingCommittee, communityCommittee, generalBranch, branch
    case areaBranch, temporaryBranch, buildingGroupCell, newOrgCommittee, communityRegionalCommittee
    public var label: String {
        switch self {
        case .subdistrictWorkingCommittee: "街道党工委"; case .regionalWorkingCommittee: "区域党工委"
        case .communityCommittee: "社区党委"; case .generalBranch: "党总支"; case .branch: "党支部"
        case .areaBranch: "片区党支部"; case .temporaryBranch: "临时党支部"; case .buildingGroupCell: "楼组党小组"
        case .newOrgCommittee: "两新党组织"; case .communityRegionalCommittee: "社区区域党委"
        }
    }
    /// The kinds that lead a community (the seed counts them: 社区党委5个、党总支5个).
    public static let communityLeading: [PartyOrganizationKind] = [.communityCommittee, .generalBranch]
}

public enum PartyMemberCategory: String, Labelled {
    case inService, retired, directlyManaged
    public var label: String {
        switch self { case .inService: "在职党员"; case .retired: "离退休党员"; case .directlyManaged: "直管党员" }
    }
}

public enum OrganizationKind: String, Labelled {
    case residentUnit, newEconomicOrg, newSocialOrg, propertyCompany, contractor, utility
    public var label: String {
        switch self {
        case .residentUnit: "驻区单位"; case .newEconomicOrg: "非公有制经济组织"; case .newSocialOrg: "社会组织"
        case .propertyCompany: "物业服务企业"; case .contractor: "施工方"; case .utility: "水电气暖"
        }
    }
    /// 两新组织 = 新经济组织 + 新社会组织.
    public static let twoNew: [OrganizationKind] = [.newEconomicOrg, .newSocialOrg]
    /// 红色物业 is a property company's standing (the seed: 推进“红色物业”的物业服务企业).
    public var mayBeRedProperty: Bool { self == .propertyCompany }
}

public enum FacilityKind: String, Labelled {
    case pavilion, childrenSquare, elderlyDayCare, partyActivitySpace, pocketPark, other
    public var label: String {
        switch self {
        case .pavilion: "初心亭"; case .childrenSquare: "儿童活动广场"; case .elderlyDayCare: "老年日间照料中心"
        case .partyActivitySpace: "党建活动阵地"; case .pocketPark: "街边游园"; case .other: "其他设施"
        }
    }
}

/// A key task's state on the campaign wall (挂图作战, docs/GLOSSARY.md, "Campaigns").
public enum TaskStatus: String, Labelled {
    case notStarted, inProgress, done, overdue
    public var label: String {
        switch self { case .notStarted: "未开始"; case .inProgress: "推进中"; case .done: "已完成"; case .overdue: "已逾期" }
    }
}

/// A war a veteran took part in (退役军人服务, docs/GLOSSARY.md, "Veterans").
public enum VeteranWar: String, Labelled {
    case antiJapanese, liberation, korean, vietnamBorder, none
    public var label: String {
        switch self {
        case .antiJapanese: "抗日战争"; case .liberation: "解放战争"; case .korean: "抗美援朝"
        case .vietnamBorder: "对越自卫反击战"; case .none: "未参战"
        }
    }
}

/// The level of a regional committee (区域共建, docs/GLOSSARY.md, "Co-building"): the subdistrict's regional working committee
/// or a community's regional committee.
public enum CommitteeLevel: String, Labelled {
    case subdistrict, community
    public var label: String { self == .subdistrict ? "街道区域党工委" : "社区区域党委" }
}

extension TaskStatus {
    /// What the wall shows: a task not done by its deadline is overdue, whatever was last reported.
    public static func effective(_ reported: TaskStatus, deadline: CivilDate?, today: CivilDate) -> TaskStatus {
        guard reported != .done, let deadline, deadline < today else { return reported }
        return .overdue
    }
    /// What a worker may report; overdue follows from the deadline.
    public static let reportable: [TaskStatus] = [.notStarted, .inProgress, .done]
}

/// Counts by category encode as a JSON object (`{"inService": 4695, …}`), not as an array of pairs.
extension PartyMemberCategory: CodingKeyRepresentable {}

/// The 1+3+N roles of a building group (星级楼组, docs/GLOSSARY.md, "Star building groups"): one party-group leader
/// who leads the group, three kinds of manager, and volunteer teams.
public enum GroupRoleKind: String, Labelled {
    case leader, buildingManager, entranceManager, floorManager, volunteerTeam
    public var label: String {
        switch self {
        case .leader: "楼组党小组长（楼组长）"; case .buildingManager: "楼栋管理员"; case .entranceManager: "单元管理员"
        case .floorManager: "楼层管理员"; case .volunteerTeam: "志愿服务队"
        }
    }
    /// Roles whose holders record for the group and so may be given a sign-in.
    public var records: Bool { self != .volunteerTeam }
    /// 1, then 3, then N.
    public var order: Int { Self.allCases.firstIndex(of: self)! }
}

/// Where a building group's record stands with the community: a leader's self-check counts once confirmed.
public enum CheckStatus: String, Labelled {
    case confirmed, pending, returned
    public var label: String { switch self { case .confirmed: "已确认"; case .pending: "待社区确认"; case .returned: "已退回" } }
}

/// The appraisals of a building group's homes and yard, each by the criteria 无外突、无扯挂、无乱堆.
public enum AppraisalKind: String, Labelled {
    case courtyard, balcony, windowsill
    public var label: String { switch self { case .courtyard: "美丽庭院"; case .balcony: "文明凉台"; case .windowsill: "文明窗台" } }
}

/// A monthly review visit (月观摩) by the subdistrict, or a visit by the city or district above it.
public enum ReviewKind: String, Labelled {
    case monthly, municipal
    public var label: String { self == .monthly ? "街道月观摩" : "市区观摩" }
}

/// Where a supervision item (督办事项) comes from: a special supervision visit (专项督导) or a secretaries' forum.
public enum FindingSource: String, Labelled {
    case supervision, forum
    public var label: String { self == .supervision ? "专项督导" : "书记论坛" }
}

/// A supervision item as shown: being put right, late (and so escalated to the subdistrict), or put right.
public enum FindingStatus: String, Labelled {
    case open, escalated, rectified
    public var label: String { switch self { case .open: "整改中"; case .escalated: "逾期未改·升级街道督办"; case .rectified: "已整改" } }
    public static func of(rectifiedOn: String?, deadline: CivilDate?, today: CivilDate) -> FindingStatus {
        if rectifiedOn != nil { return .rectified }
        if let deadline, deadline < today { return .escalated }
        return .open
    }
}
