/// The 三净三有 inspection of a building group (星级楼组, docs/GLOSSARY.md, "Star building groups"): three kinds of cleanliness and three
/// things a group has. The seed: 三净（地面净、墙面净、门窗净）三有（有文化、有活动、有服务）.
public struct StarChecklist: Sendable, Codable, Equatable {
    public var groundClean: Bool, wallsClean: Bool, doorsWindowsClean: Bool
    public var hasCulture: Bool, hasActivities: Bool, hasServices: Bool

    public init(groundClean: Bool, wallsClean: Bool, doorsWindowsClean: Bool, hasCulture: Bool, hasActivities: Bool, hasServices: Bool) {
        self.groundClean = groundClean; self.wallsClean = wallsClean; self.doorsWindowsClean = doorsWindowsClean
        self.hasCulture = hasCulture; self.hasActivities = hasActivities; self.hasServices = hasServices
    }

    public var cleanCount: Int { [groundClean, wallsClean, doorsWindowsClean].filter { $0 }.count }
    public var hasCount: Int { [hasCulture, hasActivities, hasServices].filter { $0 }.count }

    /// The six items with their Chinese names, in the order of the inspection form.
    public static let items: [(key: String, label: String)] = [
        ("groundClean", "地面净"), ("wallsClean", "墙面净"), ("doorsWindowsClean", "门窗净"),
        ("hasCulture", "有文化"), ("hasActivities", "有活动"), ("hasServices", "有服务"),
    ]
}

/// How an inspection becomes a star level, and which level counts as 达标 (configurable, docs/GLOSSARY.md, "Star building groups").
/// Default: cleanliness comes first — all three 净 give three stars, the pass level; then two 有 add a fourth star
/// and all three a fifth. A group that misses a 净 gets one star per 净 met, below the pass level, whatever it has.
public struct StarRule: Sendable, Codable, Equatable {
    public var passLevel: Int
    public init(passLevel: Int = 3) { self.passLevel = passLevel }
    public static let standard = StarRule()

    public func stars(_ c: StarChecklist) -> Int {
        guard c.cleanCount == 3 else { return c.cleanCount }
        return 3 + (c.hasCount >= 2 ? 1 : 0) + (c.hasCount == 3 ? 1 : 0)
    }

    public func passes(_ stars: Int) -> Bool { stars >= passLevel }

    /// "★★★☆☆"
    public static func symbols(_ stars: Int) -> String {
        String(repeating: "★", count: max(0, min(5, stars))) + String(repeating: "☆", count: 5 - max(0, min(5, stars)))
    }
}
