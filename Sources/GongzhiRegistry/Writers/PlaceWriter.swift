import Fluent
import Foundation
import GongzhiCore
import GongzhiKit

/// Every change to the place tree: a node gets its path from its parent and its own id, and roll-ups follow.
enum PlaceWriter {
    struct Attributes {
        var name: String
        var code: String?
        var area: Double?
        var managementType: ManagementType?
        var propertyCompanyID: Int?
        var renovationStatus: String?
        /// A building's building group (楼组), the unit of the star ratings: created, or renamed; left as it is when empty.
        var buildingGroup: String?
    }

    static func createRoot(name: String, code: String, areaKm2: Double, on db: any Database) async throws -> Place {
        try await insert(parent: nil, kind: .subdistrict, Attributes(name: name, code: code, area: areaKm2), on: db)
    }

    /// Validates the attributes for `kind` under `parent`, naming the field at fault.
    static func validate(_ a: Attributes, kind: PlaceKind, parent: Place?, on db: any Database, excluding: Int? = nil) async throws {
        var problems: [FieldProblem] = []
        let name = TextRule.title().check(a.name, field: "name", into: &problems) ?? ""
        if let group = a.buildingGroup { _ = TextRule.title("楼组名称", required: false).check(group, field: "buildingGroup", into: &problems) }
        if let parent, !parent.kind.childKinds.contains(kind) {
            problems.append(FieldProblem("kind", "\(parent.kind.label)下不能直接设\(kind.label)"))
        }
        if let parent, !name.isEmpty {
            let twin = try await Place.query(on: db).filter(\.$parentID == parent.id).filter(\.$name == name).first()
            if let twin, twin.id != excluding { problems.append(FieldProblem("name", "\(parent.name)下已有名为“\(name)”的\(twin.kind.label)")) }
        }
        if kind == .subdistrict || kind == .community {
            do {
                let code = try DivisionCode(a.code ?? "", level: kind == .subdistrict ? .subdistrict : .community)
                if kind == .community, let parentCode = parent?.code, !code.isInside(try DivisionCode(parentCode, level: .subdistrict)) {
                    problems.append(FieldProblem("code", "社区区划代码前9位应与街道代码\(parentCode.prefix(9))一致"))
                }
            } catch { problems.append(FieldProblem("code", error.description)) }
        }
        if let area = a.area, area <= 0 { problems.append(FieldProblem("area", "面积应大于0")) }
        if !problems.isEmpty { throw AppError.invalid(problems) }
    }

    static func insert(parent: Place?, kind: PlaceKind, _ a: Attributes, on db: any Database) async throws -> Place {
        try await validate(a, kind: kind, parent: parent, on: db)
        return try await db.transaction { db in
            let place = Place()
            place.parentID = parent?.id
            place.kind = kind
            apply(a, to: place)
            place.path = "/new-\(UUID().uuidString)/"
            place.depth = (parent?.depth ?? -1) + 1
            place.address = PlaceAddress.extend(parent?.address ?? "", name: place.name, kind: kind)
            let siblings = try await Place.query(on: db).filter(\.$parentID == parent?.id).count()
            place.sortOrder = siblings + 1
            place.residentCount = 0; place.householdCount = 0; place.dwellingCount = 0; place.partyMemberCount = 0
            place.inServiceCount = 0; place.retiredCount = 0; place.directlyManagedCount = 0
            try await place.create(on: db)
            place.path = (parent?.path ?? "/") + "\(try place.requireID())/"
            try await place.update(on: db)
            if kind == .dwelling { try await Rollups.refresh(on: db, above: [place.path]) }
            return place
        }
    }

    static func update(_ place: Place, _ a: Attributes, readAt stamp: VersionStamp, on db: any Database) async throws {
        try await Versioning.check(place, readAt: stamp, on: db)
        var parent: Place?
        if let parentID = place.parentID { parent = try await Place.find(parentID, on: db) }
        try await validate(a, kind: place.kind, parent: parent, on: db, excluding: place.id)
        let oldAddress = place.address
        apply(a, to: place)
        let newAddress = PlaceAddress.extend(parent?.address ?? "", name: place.name, kind: place.kind)
        try await db.transaction { db in
            try await Versioning.claim(place, readAt: stamp, on: db)
            try await place.update(on: db)
            if place.kind == .building, let name = a.buildingGroup?.trimmedForStorage, !name.isEmpty {
                if let group = try await BuildingGroup.query(on: db).filter(\.$placeID == (try place.requireID())).first() {
                    if group.name != name { group.name = name; try await group.update(on: db) }
                } else {
                    let group = BuildingGroup()
                    group.placeID = try place.requireID(); group.path = place.path; group.name = name
                    try await group.create(on: db)
                }
            }
            // Every place beneath starts with this place's address: replace that beginning (lengths in characters, as SQL counts them).
            // (The update above already moved the registry revision on, in this transaction.)
            if newAddress != oldAddress {
                let end = String(place.path.dropLast()) + "0"
                try await db.sql.raw("""
                    UPDATE places SET address = \(bind: newAddress) || SUBSTR(address, CAST(\(bind: oldAddress.unicodeScalars.count + 1) AS INTEGER))
                    WHERE path >= \(bind: place.path) AND path < \(bind: end)
                    """).run()
            }
        }
    }

    private static func apply(_ a: Attributes, to place: Place) {
        place.name = a.name.trimmingCharacters(in: .whitespaces)
        place.code = a.code?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        place.area = a.area
        place.managementType = place.kind == .compound ? a.managementType : nil
        place.propertyCompanyID = place.kind == .compound && a.managementType == .propertyManaged ? a.propertyCompanyID : nil
        place.renovationStatus = place.kind == .compound ? a.renovationStatus?.nilIfEmpty : nil
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
