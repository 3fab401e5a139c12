import Fluent
import GongzhiCore
import GongzhiKit

/// Finding residents within a user's places: by the beginning of the name, by household address,
/// by exact ID number (keyed hash).
struct ResidentSearch: Sendable, Encodable {
    var name = ""
    var address = ""
    var idNumber = ""
    var tag = ""

    var isEmpty: Bool { name.isEmpty && address.isEmpty && idNumber.isEmpty && tag.isEmpty }

    /// The residents matching every given criterion within `scope`, with the total count.
    func run(_ scope: PlaceScope, vault: PersonalDataVault, list: ListQuery, on db: any Database) async throws -> (total: Int, residents: [Resident]) {
        var paths = scope.paths
        if !address.isEmpty {
            paths = try await Self.places(matching: address, within: scope, on: db)
            if paths.isEmpty { return (0, []) }
        }
        let query = Resident.query(on: db).within(PlaceScope(paths: paths), \.$path)
        // Names are found by their beginning (surname first), an index range scan even over the whole subdistrict.
        if !name.isEmpty { query.filter(\.$name >= name).filter(\.$name < name + "\u{10FFFF}") }
        if !idNumber.isEmpty {
            guard let id = try? CitizenID(idNumber) else { throw AppError.invalid("idNumber", "请输入完整、有效的18位公民身份号码进行精确查找") }
            query.filter(\.$idHash == vault.searchHash(id.value))
        }
        if let tag = ResidentTag(rawValue: tag) { query.filter(\.$tags, .custom("LIKE"), "%\(tag.rawValue)%") }
        let total = try await query.count()
        switch list.sortKey {
        case "birth": query.sort(\.$birthDate, list.descending ? .descending : .ascending)
        case "address": query.sort(\.$path, list.descending ? .descending : .ascending)
        default: query.sort(\.$name, list.descending ? .descending : .ascending)
        }
        let residents = try await query.sort(\.$id).range(list.offset..<(list.offset + list.perPage)).all()
        return (total, residents)
    }

    /// Paths of places whose names contain the words of `address` in order down the tree:
    /// `纬五路13号院 1号楼` finds building 1 of that compound.
    static func places(matching address: String, within scope: PlaceScope, on db: any Database) async throws -> [String] {
        var current = scope.paths
        for word in address.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }).map(String.init) {
            let found = try await Place.query(on: db).filter(\.$name, .custom("LIKE"), "%\(escapeLike(word))%")
                .within(PlaceScope(paths: current), \.$path)
                .sort(\.$depth).limit(200).all()
            // Keep only the highest matches: a compound found also finds everything under it.
            current = PlaceScope(paths: found.map(\.path)).paths
            if current.isEmpty { return [] }
        }
        return current
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "")
    }
}
