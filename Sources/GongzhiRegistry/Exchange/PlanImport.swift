import Fluent
import Foundation
import GongzhiCore
import GongzhiKit
import SQLKit

/// Outlines of places from a GeoJSON file, the format every GIS tool writes (a FeatureCollection of Polygons or
/// MultiPolygons in longitude and latitude). Each feature names its place by `gongzhi_id`, by `address` (the full
/// address as the registry writes it) or by `name` (unique among the user's communities, compounds and buildings).
/// The first import fixes the subdistrict's frame (its extent) and replaces the demo's schematic; later imports are
/// drawn in the same frame, so a compound imported today lies where last year's community outline put it.
/// All or nothing: a file with any problem changes no outline, and every problem is named.
enum PlanImport {
    static let frameKey = "places.planFrame"
    static let maxFeatures = 20_000, maxPoints = 5_000, keptPoints = 120
    /// The plane every outline is stored in (`SVG` and `PlanMap` draw it).
    static let width = 1000.0, height = 600.0

    struct Frame: Sendable, Equatable {
        var minLon: Double, minLat: Double, maxLon: Double, maxLat: Double
        var text: String { [minLon, minLat, maxLon, maxLat].map { String($0) }.joined(separator: ",") }
        init(minLon: Double, minLat: Double, maxLon: Double, maxLat: Double) { self.minLon = minLon; self.minLat = minLat; self.maxLon = maxLon; self.maxLat = maxLat }
        init?(_ text: String?) {
            let v = (text ?? "").split(separator: ",").compactMap { Double($0) }
            guard v.count == 4 else { return nil }
            self.init(minLon: v[0], minLat: v[1], maxLon: v[2], maxLat: v[3])
        }
        /// Longitude shrinks with latitude; the frame keeps the map's proportions and fits the plane.
        func project(_ lon: Double, _ lat: Double) -> (Double, Double) {
            let k = cos((minLat + maxLat) / 2 * .pi / 180)
            let w = max((maxLon - minLon) * k, 1e-9), h = max(maxLat - minLat, 1e-9)
            let scale = min((PlanImport.width - 40) / w, (PlanImport.height - 40) / h)
            return (20 + (lon - minLon) * k * scale, 20 + (maxLat - lat) * scale)
        }
        func contains(_ lon: Double, _ lat: Double) -> Bool {
            let padLon = (maxLon - minLon) * 0.05, padLat = (maxLat - minLat) * 0.05
            return lon >= minLon - padLon && lon <= maxLon + padLon && lat >= minLat - padLat && lat <= maxLat + padLat
        }
    }

    struct Outcome: Sendable { let matched: Int; let firstFrame: Bool; let cleared: Int }

    static func run(_ data: Data, scope: PlaceScope, on db: any Database) async throws -> Outcome {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw AppError.invalid("file", "文件不是有效的GeoJSON（JSON格式错误）；请从GIS软件导出为GeoJSON")
        }
        guard root["type"] as? String == "FeatureCollection", let features = root["features"] as? [[String: Any]] else {
            throw AppError.invalid("file", "GeoJSON应为FeatureCollection（要素集合），其中features为要素列表")
        }
        guard !features.isEmpty else { throw AppError.invalid("file", "文件中没有要素") }
        guard features.count <= maxFeatures else { throw AppError.invalid("file", "一次最多导入\(maxFeatures)个要素，本文件有\(features.count)个") }

        // Every place the user may outline, by id, address and name.
        let places = try await Place.query(on: db).filter(\.$kind ~~ [.subdistrict, .community, .grid, .compound, .building]).within(scope, \.$path).all()
        let byID = Dictionary(uniqueKeysWithValues: places.compactMap { p in p.id.map { ($0, p) } })
        let byAddress = Dictionary(places.map { ($0.address, $0) }) { a, _ in a }
        let byName = Dictionary(grouping: places, by: \.name)

        var problems: [FieldProblem] = []
        var rings: [(Place, [(Double, Double)])] = []
        for (i, feature) in features.enumerated() {
            let properties = feature["properties"] as? [String: Any] ?? [:]
            let label = (properties["address"] as? String) ?? (properties["name"] as? String) ?? ""
            let at = "第\(i + 1)个要素" + (label.isEmpty ? "" : "“\(label.prefix(40))”")
            guard problems.count < 50 else { break }
            var place: Place?
            if let id = (properties["gongzhi_id"] as? NSNumber)?.intValue ?? (properties["gongzhi_id"] as? String).flatMap({ Int($0) }) { place = byID[id] }
            else if let address = properties["address"] as? String { place = byAddress[address.trimmedSpaces] }
            else if let name = properties["name"] as? String {
                let found = byName[name.trimmedSpaces] ?? []
                if found.count > 1 { problems.append(FieldProblem("file", "\(at)：您管辖范围内有\(found.count)处同名地点，请在属性中写完整地址（address）或gongzhi_id")); continue }
                place = found.first
            }
            guard let place else {
                problems.append(FieldProblem("file", "\(at)：在您管辖范围内找不到该地点（属性中应有gongzhi_id、address或name，且为社区、网格、楼院或楼栋）")); continue
            }
            switch outerRing(feature["geometry"] as? [String: Any]) {
            case .failure(let message): problems.append(FieldProblem("file", "\(at)：\(message)"))
            case .success(let ring): rings.append((place, ring))
            }
        }
        guard problems.isEmpty else { throw AppError.invalid(problems) }

        let stored = Frame(try await Setting.get(frameKey, on: db))
        let all = rings.flatMap(\.1)
        let frame = stored ?? Frame(minLon: all.map(\.0).min()!, minLat: all.map(\.1).min()!, maxLon: all.map(\.0).max()!, maxLat: all.map(\.1).max()!)
        if stored != nil, let (place, _) = rings.first(where: { !$0.1.allSatisfy { frame.contains($0.0, $0.1) } }) {
            throw AppError.invalid("file", "“\(place.name)”的轮廓在本街道已有平面图的范围之外，请检查坐标系（应为经纬度）")
        }
        let outlines = rings.map { place, ring in
            let step = max(1, ring.count / keptPoints)
            let points = stride(from: 0, to: ring.count, by: step).map { frame.project(ring[$0].0, ring[$0].1) }
            return (place, points.map { String(format: "%.1f,%.1f", $0.0, $0.1) }.joined(separator: " "))
        }
        let cleared = stored == nil ? try await Place.query(on: db).filter(\.$geometry != nil).count() : 0
        try await db.transaction { db in
            if stored == nil {
                // The demo's schematic (or nothing) gives way to the real frame.
                try await db.sql.update(Place.schema).set("geometry", to: SQLLiteral.null).run()
                try await Setting.set(frameKey, frame.text, on: db)
            }
            for (place, outline) in outlines {
                place.geometry = outline
                try await place.update(on: db)
            }
            try await DataRevision.bump(RegistryModule.name, on: db)
        }
        return Outcome(matched: rings.count, firstFrame: stored == nil, cleared: cleared)
    }

    /// The outer ring of a Polygon, or of a MultiPolygon's largest part, as longitude–latitude pairs.
    static func outerRing(_ geometry: [String: Any]?) -> Result<[(Double, Double)], Message> {
        guard let geometry, let type = geometry["type"] as? String, let coordinates = geometry["coordinates"] as? [Any] else {
            return .failure(Message("没有几何图形（geometry）"))
        }
        var candidates: [[Any]] = []
        switch type {
        case "Polygon": if let ring = coordinates.first as? [Any] { candidates = [ring] }
        case "MultiPolygon": candidates = coordinates.compactMap { ($0 as? [Any])?.first as? [Any] }
        default: return .failure(Message("几何类型为\(type.prefix(20))，应为Polygon或MultiPolygon（面）"))
        }
        var best: [(Double, Double)] = []
        for candidate in candidates {
            guard candidate.count <= maxPoints else { return .failure(Message("轮廓点数超过\(maxPoints)个，请先在GIS软件中简化")) }
            var ring: [(Double, Double)] = []
            for point in candidate {
                guard let pair = point as? [Any], pair.count >= 2, let lon = (pair[0] as? NSNumber)?.doubleValue, let lat = (pair[1] as? NSNumber)?.doubleValue,
                      lon.isFinite, lat.isFinite else { return .failure(Message("坐标应为数字对[经度, 纬度]")) }
                guard (-180...180).contains(lon), (-90...90).contains(lat) else {
                    return .failure(Message("坐标(\(lon), \(lat))不是经纬度：请导出为WGS84或GCJ-02经纬度坐标"))
                }
                ring.append((lon, lat))
            }
            if ring.count > best.count { best = ring }
        }
        guard best.count >= 3 else { return .failure(Message("轮廓至少需要3个点")) }
        return .success(best)
    }

    struct Message: Error { let text: String; init(_ text: String) { self.text = text } }
}

extension PlanImport.Message: CustomStringConvertible { var description: String { text } }
