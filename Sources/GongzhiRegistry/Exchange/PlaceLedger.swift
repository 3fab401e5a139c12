import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import SQLKit

/// The places' ledger (地址台账): a subdistrict's whole tree in one file, one row per dwelling (or per place with
/// nothing beneath it). Each row names a place level by level; levels that do not exist yet are created under the
/// level before, those that exist are found by name, so a file can be imported again and adds only what is new.
/// All or nothing, like every ledger.
public enum PlaceLedger {
    static let columns = ["地址编号", "社区", "社区区划代码", "网格", "楼院", "管理类型", "楼栋", "楼组", "单元", "楼层", "房屋", "房屋面积（平方米）",
                          "业主", "业主公民身份号码", "未售"]
    static let required = ["社区"]
    static let widths = [10, 16, 16, 12, 18, 10, 10, 20, 8, 8, 8, 14, 16, 22, 6]
    /// The columns that name a level, top down, with the kind each names.
    static let levels: [(column: String, kind: PlaceKind)] = [("社区", .community), ("网格", .grid), ("楼院", .compound), ("楼栋", .building),
                                                             ("单元", .entrance), ("楼层", .floor), ("房屋", .dwelling)]

    public static func export(_ scope: PlaceScope, on db: any Database) async throws -> Data {
        let places = try await Place.query(on: db).within(scope, \.$path).sort(\.$path).all()
        let byID = Dictionary(uniqueKeysWithValues: try places.map { (try $0.requireID(), $0) })
        let parents = Set(places.compactMap(\.parentID))
        let groups = Dictionary(try await BuildingGroup.query(on: db).within(scope, \.$path).all().map { ($0.placeID, $0.name) }) { a, _ in a }
        // Only leaves: every place above a leaf is named in its row. Tree order by each level's sort order.
        func key(_ p: Place) -> [Int] { PlaceScope.ids(in: p.path).compactMap { byID[$0].map { [$0.sortOrder, $0.id ?? 0] } }.flatMap { $0 } }
        let leaves = try places.filter { !parents.contains(try $0.requireID()) && $0.kind != .subdistrict }.sorted { key($0).lexicographicallyPrecedes(key($1)) }
        let rows = try leaves.map { leaf -> [String] in
            var row = Array(repeating: "", count: columns.count)
            row[0] = String(try leaf.requireID())
            for id in PlaceScope.ids(in: leaf.path) {
                guard let p = byID[id], let level = levels.firstIndex(where: { $0.kind == p.kind }) else { continue }
                row[columns.firstIndex(of: levels[level].column)!] = p.name
                switch p.kind {
                case .community: row[2] = p.code ?? ""
                case .compound: row[5] = p.managementType?.label ?? ""
                case .building: row[7] = groups[try p.requireID()] ?? ""
                case .dwelling:
                    row[11] = p.area.map { ChineseNumber.decimal($0) } ?? ""
                    row[12] = p.ownerName ?? ""; row[13] = p.ownerIDMasked ?? ""; row[14] = p.ownerUnsold == true ? "是" : ""
                default: break
                }
            }
            return row
        }
        return try XLSXWriter.workbook(sheetName: "地址台账", header: columns, rows: rows, widths: widths)
    }

    public static func template() throws -> Data {
        try XLSXWriter.template(sheetName: "地址台账", header: columns, instructions: [
            "每行一套房屋（或一个下面暂无房屋的地址）：从社区起逐级填写名称，已有的地址按名称找到，没有的新建；重复导入只新增新的地址",
            "社区区划代码：新建社区时必填，12位，前9位与街道区划代码相同（如街道410105004000，社区410105004001）；户编号的前12位即为社区区划代码",
            "网格：可不填；填写后楼院建在该网格下",
            "管理类型：\(ManagementType.labels)；同一楼院各行应一致",
            "楼组：该楼栋所属楼组的名称（如“1号楼楼组”），星级楼组评定以楼组为单位",
            "单元、楼层、房屋：填写房屋时须同时填写单元和楼层（如“1单元”“1层”“101”）",
            "房屋面积：专有部分面积，单位平方米，最多2位小数",
            "业主：房屋所有权人姓名或单位名称；业主公民身份号码用于认定同一业主拥有的多套房屋（业主共同决定时按一人计算），导出时遮蔽，原样导回不变；开发建设单位尚未出售的房屋在“未售”填“是”，不填业主",
            "地址编号仅供查看（创建账号时用）：导入按名称匹配，要给地址改名请在地址页修改",
        ], widths: widths)
    }

    /// A place named by a row: found in the registry, or to be created under its parent.
    final class Node {
        let kind: PlaceKind
        var name: String
        var place: Place?
        weak var parent: Node?
        var children: [String: Node] = [:]
        var order: [Node] = []
        var code: String?
        var managementType: ManagementType?
        var area: Double?
        var group: String?
        var owner: Owner?
        /// The first row that named each attribute, to name rows that disagree.
        var setBy: [String: Int] = [:]
        /// Whether the place was in the registry before this file (a new one gets its `place` once written).
        let existed: Bool
        init(kind: PlaceKind, name: String, place: Place?, parent: Node?) {
            self.kind = kind; self.name = name; self.place = place; self.parent = parent; existed = place != nil
        }
        var isNew: Bool { !existed }
    }

    /// A dwelling's owner as a row gives it.
    struct Owner: Equatable {
        var name: String?
        /// A full number typed; nil keeps the stored one when the cell holds its masked form.
        var idNumber: CitizenID?
        var clearsNumber: Bool
        var unsold: Bool
    }

    public static func importFile(_ data: Data, scope: PlaceScope, vault: PersonalDataVault, on db: any Database, record: @escaping ImportSummary.Record) async throws -> ImportSummary {
        let ledger = try Ledger(xlsx: data, required: required)
        return try await db.transaction { db in
            let roots = try await Subdistricts.all(on: db).filter { scope.overlaps($0.path) }
            guard roots.count == 1, let subdistrict = try await Place.find(roots[0].id, on: db) else {
                throw AppError.importRejected([ImportProblem(row: 0, column: "文件", reason: "地址台账须由一个街道范围内的工作人员导入")])
            }
            let existing = try await Place.query(on: db).within(PlaceScope(paths: [subdistrict.path]), \.$path).all()
            let children = Dictionary(grouping: existing, by: \.parentID)
            let root = Node(kind: .subdistrict, name: subdistrict.name, place: subdistrict, parent: nil)
            func load(_ node: Node) {
                for p in children[node.place!.id] ?? [] {
                    let child = Node(kind: p.kind, name: p.name, place: p, parent: node)
                    child.code = p.code; child.managementType = p.managementType; child.area = p.area
                    node.children[p.name] = child
                    load(child)
                }
            }
            load(root)
            let groups = Dictionary(try await BuildingGroup.query(on: db).within(PlaceScope(paths: [subdistrict.path]), \.$path).all().map { ($0.placeID, $0) }) { a, _ in a }
            var problems = ImportProblems()
            for row in ledger.rows { read(row, root: root, scope: scope, subdistrictCode: subdistrict.code, problems: &problems) }
            try problems.throwIfAny()
            let summary = try await write(root, groups: groups, vault: vault, on: db)
            try await record(summary, db)
            return summary
        }
    }

    /// Walks a row down the tree, adding the nodes it names, and checks each level's attributes.
    static func read(_ row: Ledger.Row, root: Node, scope: PlaceScope, subdistrictCode: String?, problems: inout ImportProblems) {
        var node = root
        var missing: String?
        for (column, kind) in levels {
            let raw = row[column]
            guard !raw.isEmpty else {
                // A grid is optional; any other empty level ends the row, and nothing may follow it.
                if kind != .grid && missing == nil { missing = column }
                continue
            }
            if let gap = missing { problems.add(row.number, column, "填写了“\(column)”就须先填写“\(gap)”"); return }
            let name: String
            switch TextRule.title(column).check(raw) {
            case .success(let text): name = text
            case .failure(let p): problems.add(row.number, column, p.description); return
            }
            if let child = node.children[name] {
                guard child.kind == kind else { problems.add(row.number, column, "“\(name)”已是\(child.kind.label)，不能再作\(kind.label)"); return }
                if let place = child.place, !scope.overlaps(place.path) { problems.add(row.number, column, "\(kind.label)“\(name)”不在您的管辖范围内"); return }
                node = child
            } else {
                guard let parentPath = nearestPath(node), scope.contains(parentPath) else {
                    problems.add(row.number, column, "不能在您管辖范围之外新建\(kind.label)“\(name)”"); return
                }
                if kind == .compound, node.kind == .community, node.children.values.contains(where: { $0.kind == .grid && $0.children[name] != nil }) {
                    problems.add(row.number, column, "楼院“\(name)”已在本社区的网格下，请填写其网格"); return
                }
                let child = Node(kind: kind, name: name, place: nil, parent: node)
                node.children[name] = child; node.order.append(child)
                node = child
            }
            // Levels above the user's places (a community worker's subdistrict) are only walked through.
            if node.place.map({ scope.contains($0.path) }) ?? true {
                attributes(of: row, on: node, subdistrictCode: subdistrictCode, problems: &problems)
            }
        }
        if row.has("房屋") && !row.has("楼层") { problems.add(row.number, "楼层", "填写房屋时须同时填写楼层（如“1层”）") }
    }

    static func nearestPath(_ node: Node) -> String? {
        var current: Node? = node
        while let n = current { if let p = n.place { return p.path }; current = n.parent }
        return nil
    }

    static func attributes(of row: Ledger.Row, on node: Node, subdistrictCode: String?, problems: inout ImportProblems) {
        func agree<T: Equatable>(_ column: String, _ value: T?, _ keyPath: ReferenceWritableKeyPath<Node, T?>, label: (T) -> String) {
            guard let value else { return }
            if let first = node.setBy[column], node[keyPath: keyPath] != value {
                problems.add(row.number, column, "与第\(first)行给\(node.name)填写的“\(node[keyPath: keyPath].map(label) ?? "")”不一致")
                return
            }
            node[keyPath: keyPath] = value
            node.setBy[column] = node.setBy[column] ?? row.number
        }
        switch node.kind {
        case .community:
            let text = row["社区区划代码"]
            if text.isEmpty {
                if node.isNew && node.code == nil && node.setBy["社区区划代码"] == nil { problems.add(row.number, "社区区划代码", "新建社区“\(node.name)”须填写12位社区区划代码") }
                return
            }
            do {
                let code = try DivisionCode(text, level: .community)
                if let parent = subdistrictCode, let parentCode = try? DivisionCode(parent, level: .subdistrict), !code.isInside(parentCode) {
                    problems.add(row.number, "社区区划代码", "社区区划代码前9位应与街道代码\(parent.prefix(9))一致"); return
                }
                if !node.isNew, let stored = node.place?.code, stored != code.value, node.setBy["社区区划代码"] == nil {
                    problems.add(row.number, "社区区划代码", "\(node.name)的区划代码已是\(stored)，不能在台账中更改（户编号以它开头）"); return
                }
                agree("社区区划代码", code.value, \.code) { $0 }
            } catch { problems.add(row.number, "社区区划代码", error.description) }
        case .compound:
            guard row.has("管理类型") else { return }
            guard let type = ManagementType(label: row["管理类型"]) else { problems.add(row.number, "管理类型", "管理类型应为：\(ManagementType.labels)"); return }
            agree("管理类型", type, \.managementType) { $0.label }
        case .building:
            guard row.has("楼组") else { return }
            switch TextRule.title("楼组").check(row["楼组"]) {
            case .success(let name): agree("楼组", name, \.group) { $0 }
            case .failure(let p): problems.add(row.number, "楼组", p.description)
            }
        case .dwelling:
            if row.has("房屋面积（平方米）") {
                do { agree("房屋面积（平方米）", try Bounded.decimal(row["房屋面积（平方米）"], in: 1...100_000, label: "房屋面积"), \.area) { ChineseNumber.decimal($0) } }
                catch { problems.add(row.number, "房屋面积（平方米）", error.description) }
            }
            if let owner = owner(of: row, stored: node.place, problems: &problems) { agree("业主", owner, \.owner) { $0.name ?? "未售" } }
        default: break
        }
    }

    /// The owner a row names, nil when its owner cells are empty (what is stored stays).
    static func owner(of row: Ledger.Row, stored: Place?, problems: inout ImportProblems) -> Owner? {
        let name = row["业主"], number = row["业主公民身份号码"], unsold = row["未售"]
        guard !name.isEmpty || !number.isEmpty || !unsold.isEmpty else { return nil }
        switch unsold {
        case "是":
            if !name.isEmpty || !number.isEmpty { problems.add(row.number, "未售", "未售的房屋不填写业主和业主公民身份号码"); return nil }
            return Owner(name: nil, idNumber: nil, clearsNumber: true, unsold: true)
        case "", "否": break
        default: problems.add(row.number, "未售", "“未售”应填“是”或留空"); return nil
        }
        var owner = Owner(name: nil, idNumber: nil, clearsNumber: number.isEmpty, unsold: false)
        switch TextRule.title("业主").check(name) {
        case .success(let text): owner.name = text
        case .failure(let p): problems.add(row.number, "业主", name.isEmpty ? "填写了业主公民身份号码就须填写业主姓名" : p.description); return nil
        }
        if number.contains("*") {
            if number != stored?.ownerIDMasked { problems.add(row.number, "业主公民身份号码", "遮蔽的号码只能原样导回；新增或更改请填写完整号码"); return nil }
        } else if !number.isEmpty {
            do { owner.idNumber = try CitizenID(number) } catch { problems.add(row.number, "业主公民身份号码", error.description); return nil }
        }
        return owner
    }

    /// Creates the new places level by level (in bulk: a subdistrict has tens of thousands of dwellings), writes the
    /// changed attributes of existing ones and the building groups, then recounts.
    static func write(_ root: Node, groups: [Int: BuildingGroup], vault: PersonalDataVault, on db: any Database) async throws -> ImportSummary {
        var added = 0, groupsRenamed = 0, placesUpdated = 0, groupsAdded = 0
        var level = [root]
        let batch = UUID().uuidString.prefix(8)
        while !level.isEmpty {
            var next: [Node] = []
            var insert = BulkInsert(Place.schema, columns: ["parent_id", "kind", "name", "code", "path", "address", "depth", "sort_order", "area", "management_type"])
            var pending: [(Node, key: String)] = []
            for parent in level {
                guard let parentPlace = parent.place else { continue }
                let existingCount = parent.children.count - parent.order.count
                for (i, child) in parent.order.enumerated() {
                    let key = "/new-\(batch)-\(pending.count)/"
                    insert.append([try parentPlace.requireID(), child.kind.rawValue, child.name, child.code, key,
                                   PlaceAddress.extend(parentPlace.address, name: child.name, kind: child.kind), parentPlace.depth + 1,
                                   existingCount + i + 1, child.area, child.managementType?.rawValue])
                    pending.append((child, key))
                }
                next += parent.children.values
            }
            if !pending.isEmpty {
                let rows = try await insert.run(on: db, returning: ["id", "path"])
                var idByKey: [String: Int] = [:]
                for row in rows { idByKey[try row.decode(column: "path", as: String.self)] = try row.decode(column: "id", as: Int.self) }
                try await db.sql.raw("""
                    UPDATE places SET path = (SELECT p.path FROM places p WHERE p.id = places.parent_id) || CAST(places.id AS TEXT) || '/'
                    WHERE path LIKE \(bind: "/new-\(batch)-%")
                    """).run()
                for (node, key) in pending {
                    guard let id = idByKey[key], let parent = node.parent?.place else { throw AppError.internalInconsistency("新建地址未能读回编号") }
                    let place = Place()
                    place.id = id; place.parentID = parent.id; place.kind = node.kind; place.name = node.name; place.path = parent.path + "\(id)/"
                    place.address = PlaceAddress.extend(parent.address, name: node.name, kind: node.kind); place.depth = parent.depth + 1
                    place.code = node.code; place.area = node.area; place.managementType = node.managementType
                    place.$id.exists = true
                    node.place = place
                }
                added += pending.count
            }
            level = next
        }
        // Attributes of places that existed, and building groups.
        var all: [Node] = []
        func collect(_ n: Node) { all.append(n); n.children.values.forEach(collect) }
        collect(root)
        var newGroups = BulkInsert(BuildingGroup.schema, columns: ["place_id", "path", "name"])
        for node in all {
            guard let place = node.place else { continue }
            if node.kind == .dwelling, let owner = node.owner, try await setOwner(owner, of: place, vault: vault, on: db), node.existed { placesUpdated += 1 }
            if node.existed {
                var changed = false
                if node.kind == .community, let code = node.code, place.code != code { place.code = code; changed = true }
                if node.kind == .compound, let type = node.managementType, place.managementType != type { place.managementType = type; changed = true }
                if node.kind == .dwelling, let area = node.area, place.area != area { place.area = area; changed = true }
                if changed { try await place.update(on: db); placesUpdated += 1 }
            }
            if node.kind == .building, let name = node.group {
                if let group = groups[try place.requireID()] {
                    if group.name != name { group.name = name; try await group.update(on: db); groupsRenamed += 1 }
                } else {
                    newGroups.append([try place.requireID(), place.path, name]); groupsAdded += 1
                }
            }
        }
        try await newGroups.run(on: db)
        try await Rollups.refresh(on: db, placeIDs: nil, .dwellings)
        return ImportSummary(added: added + groupsAdded, updated: placesUpdated + groupsRenamed, unchanged: all.count - 1 - added - placesUpdated, newHouseholds: 0)
    }

    /// Writes a dwelling's owner where it changed; whether it did.
    static func setOwner(_ owner: Owner, of place: Place, vault: PersonalDataVault, on db: any Database) async throws -> Bool {
        var changes: [(String, SQLBind)] = []
        if place.ownerUnsold != owner.unsold { changes.append(("owner_unsold", SQLBind(owner.unsold))) }
        if place.ownerName != owner.name { changes.append(("owner_name", SQLBind(owner.name))) }
        if let id = owner.idNumber, place.ownerIDMasked != id.masked || !(vault.searchHashes(id.value).contains(place.ownerIDHash ?? "")) {
            changes += [("owner_id_sealed", SQLBind(vault.seal(id.value))), ("owner_id_hash", SQLBind(vault.searchHashes(id.value).first)),
                        ("owner_id_masked", SQLBind(id.masked))]
        } else if owner.idNumber == nil && owner.clearsNumber && place.ownerIDMasked != nil {
            changes += [("owner_id_sealed", SQLBind(String?.none)), ("owner_id_hash", SQLBind(String?.none)), ("owner_id_masked", SQLBind(String?.none))]
        }
        guard !changes.isEmpty else { return false }
        let update = db.sql.update(Place.schema).where("id", .equal, SQLBind(try place.requireID()))
        for (column, value) in changes { update.set(column, to: value) }
        try await update.run()
        return true
    }
}
