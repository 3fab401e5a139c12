/// 入户登记 (docs/GLOSSARY.md, "Census"): the vocabulary of a door-to-door registration campaign and the rules that
/// need no database — which stage lets a visit change, how areas are proposed, how the long-form sample is drawn.

/// What the campaign registers: the decennial census, the sample survey between, the economic census, or another.
public enum CensusKind: String, Labelled {
    case populationCensus, sampleSurvey, economicCensus, other
    public var label: String {
        switch self {
        case .populationCensus: "全国人口普查"; case .sampleSurvey: "1%人口抽样调查"; case .economicCensus: "全国经济普查"; case .other: "其他入户登记"
        }
    }
}

/// The stages of a campaign, in order: 摸底 (canvass: who lives where, empty dwellings), 短表登记 (every household),
/// 长表登记 (the sampled share), 复查 (review).
public enum CensusStage: String, Labelled, Comparable {
    case canvass, shortForm, longForm, review
    public var label: String { switch self { case .canvass: "摸底"; case .shortForm: "短表登记"; case .longForm: "长表登记"; case .review: "复查" } }
    public var order: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: Self, b: Self) -> Bool { a.order < b.order }

    /// Whether a household's visit may be set to `status` in this stage: the canvass finds who is home and what is
    /// empty but registers nobody; the long-form stage visits only the sampled households.
    public func allows(_ status: VisitStatus, longForm: Bool) -> Bool {
        switch self {
        case .canvass: ![.registered, .selfEnumerated].contains(status)
        case .shortForm, .review: true
        case .longForm: longForm
        }
    }
}

/// Where a household's visit stands. Registered, self-enumerated online and vacant are settled; the rest need a visit.
public enum VisitStatus: String, Labelled {
    case notVisited, appointment, registered, selfEnumerated, vacant, refused, away
    public var label: String {
        switch self {
        case .notVisited: "未入户"; case .appointment: "已预约"; case .registered: "已登记"; case .selfEnumerated: "自主填报"
        case .vacant: "空户"; case .refused: "拒访"; case .away: "外出未遇"
        }
    }
    /// Settled: nothing more to do at the door.
    public var isSettled: Bool { [.registered, .selfEnumerated, .vacant].contains(self) }
    /// Counted as registered (a form filled, at the door or online).
    public var isRegistered: Bool { self == .registered || self == .selfEnumerated }
    /// The statuses an enumerator sets at the door (an appointment has its own form; nobody sets "not visited").
    public static let recorded: [VisitStatus] = [.registered, .selfEnumerated, .vacant, .refused, .away]
}

/// The census roles, each bound to one campaign: the census office (普查办) runs it; an instructor (普查指导员) guides
/// enumerators; an enumerator (普查员) visits the households of their areas.
public enum CensusRoleKind: String, Labelled {
    case office, instructor, enumerator
    public var label: String { switch self { case .office: "普查办"; case .instructor: "普查指导员"; case .enumerator: "普查员" } }
}

/// Who goes to the door with an enumerator (错时错峰, with someone the household knows).
public enum CompanionKind: String, Labelled {
    case propertyStaff, buildingLeader
    public var label: String { self == .propertyStaff ? "物业人员" : "楼栋长" }
}

/// Where a publicity channel is used: once for the subdistrict, in each community, or in each compound.
public enum PublicityLevel: String, Sendable { case subdistrict, community, compound }

/// The channels of the article's publicity (加强宣传，提升群众知晓率).
public enum PublicityChannel: String, Labelled {
    case film, infoStation, workflowChart, notice, poster, banner, led, leaflet, letter, propertyAccount, residentGroup, buildingGroup, retirees
    public var label: String {
        switch self {
        case .film: "公众号发布宣传片"; case .infoStation: "普查业务资讯站"; case .workflowChart: "“两员”工作流程图"
        case .notice: "公告"; case .poster: "海报"; case .banner: "条幅"; case .led: "LED字幕"; case .leaflet: "宣传页"
        case .letter: "致住户一封信"; case .propertyAccount: "物业微信公众号"; case .residentGroup: "社区居民群"
        case .buildingGroup: "楼栋长微信群"; case .retirees: "离退休群众宣传"
        }
    }
    public var level: PublicityLevel {
        switch self {
        case .film, .infoStation: .subdistrict
        case .workflowChart, .led, .leaflet, .residentGroup, .retirees: .community
        case .notice, .poster, .banner, .letter, .propertyAccount, .buildingGroup: .compound
        }
    }
}

/// Proposes enumeration areas (普查小区): whole buildings packed in address order within one community, a large
/// building split by its entrances, so that every household lies in exactly one area.
public enum AreaPlanner {
    /// A building (with its entrances as parts) or an entrance, and the households beneath it.
    public struct Unit: Sendable, Equatable {
        public let placeID: Int, community: Int, compound: Int, households: Int
        public let parts: [Unit]
        public init(placeID: Int, community: Int, compound: Int, households: Int, parts: [Unit] = []) {
            self.placeID = placeID; self.community = community; self.compound = compound; self.households = households; self.parts = parts
        }
    }

    /// Areas of about `target` households: a unit joins the open area while it stays within a quarter over the
    /// target; a new compound starts a new area once the open one has half the target. Units without households are left out.
    public static func propose(_ buildings: [Unit], target: Int) -> [[Unit]] {
        let target = max(target, 1)
        let limit = target + target / 4
        var units: [Unit] = []
        for b in buildings where b.households > 0 {
            if b.households > limit && !b.parts.isEmpty {
                // A building too large for one area gives its entrances as units, each kept whole.
                units += b.parts.filter { $0.households > 0 }
            } else {
                units.append(b)
            }
        }
        var areas: [[Unit]] = [], open: [Unit] = [], size = 0
        for u in units {
            if let last = open.last {
                let full = size + u.households > limit
                let otherCommunity = last.community != u.community
                let otherCompound = last.compound != u.compound && size >= target / 2
                if full || otherCommunity || otherCompound { areas.append(open); open = []; size = 0 }
            }
            open.append(u); size += u.households
        }
        if !open.isEmpty { areas.append(open) }
        return areas
    }
}

/// The long-form sample: within each area, a seeded shuffle of its households (by id) whose first share is drawn, so
/// the same campaign seed draws the same households on every machine and each area gives its share to one household.
public enum SampleDraw {
    /// The drawn ids among `ids`: round(count × perMille / 1000) of them.
    public static func draw(_ ids: [Int], perMille: Int, seed: UInt64) -> Set<Int> {
        var sorted = ids.sorted()
        let n = Int((Double(sorted.count * min(max(perMille, 0), 1000)) / 1000).rounded())
        var rng = SplitMix64(seed: seed)
        sorted.shuffle(using: &rng)
        return Set(sorted.prefix(n))
    }

    /// An area's own seed from the campaign's: areas drawn apart stay reproducible.
    public static func seed(campaign: Int, area: Int) -> UInt64 {
        UInt64(bitPattern: Int64(campaign)) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: Int64(area))
    }
}

extension Array where Element == Int {
    /// The middle value (the mean of the two middle ones for an even count); nil for none.
    public var median: Double? {
        guard !isEmpty else { return nil }
        let s = sorted()
        return s.count % 2 == 1 ? Double(s[s.count / 2]) : Double(s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
