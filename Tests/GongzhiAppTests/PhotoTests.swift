import Foundation
import GongzhiCore
import GongzhiKit
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// Photos as evidence: checked by their bytes, stored without the place the phone wrote into them, with a checked
/// thumbnail, and shown only to those who may see their record.
struct PhotoTests {
    /// A 64×48 JPEG as a phone writes it: EXIF with the maker and a GPS position (made with Pillow).
    static let phoneJPEG = Data(base64Encoded: "/9j/4AAQSkZJRgABAQAAAQABAAD/4QCgRXhpZgAATU0AKgAAAAgAAgEPAAIAAAALAAAAJoglAAQAAAABAAAAMgAAAABQaG9uZU1ha2VyAAAABAABAAIAAAACTgAAAAACAAUAAAADAAAAaAADAAIAAAACRQAAAAAEAAUAAAADAAAAgAAAAAAAAAAiAAAAAQAAAC4AAAABAAAAGQAAAAIAAABxAAAAAQAAACgAAAABAAAAHgAAAAH/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAwAEADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDgKKKK+eP2EKKKKACiiigAooooAKKKKACiiigAooooAKKKKACiiigAooooAKKKKACiiigD/9k=")!
    /// A 32×24 JPEG thumbnail, as the page's script makes one.
    static let thumbnail = Data(base64Encoded: "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAoHBwgHBgoICAgLCgoLDhgQDg0NDh0VFhEYIx8lJCIfIiEmKzcvJik0KSEiMEExNDk7Pj4+JS5ESUM8SDc9Pjv/2wBDAQoLCw4NDhwQEBw7KCIoOzs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozv/wAARCAAYACADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDyGiiigAooooAKKKKACiiigD//2Q==")!
    /// A PNG with a text chunk naming a position.
    static let annotatedPNG = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAABQAAAAKCAIAAAA7N+mxAAAAGHRFWHRHUFNMb2NhdGlvbgAzNC43NywxMTMuNjeW+cD6AAAAF0lEQVR4nGNkYPjPQC5gIlvnqOYRoxkAdvUBE7TcX1cAAAAASUVORK5CYII=")!

    @Test func metadataIsRemovedFromTheBytes() throws {
        let jpeg = try ImageFile(Array(Self.phoneJPEG))
        #expect(jpeg.kind == .jpeg && jpeg.width == 64 && jpeg.height == 48)
        #expect(Array(Self.phoneJPEG).contains(sequence: Array("PhoneMaker".utf8)))
        #expect(!jpeg.bytes.contains(sequence: Array("PhoneMaker".utf8)) && !jpeg.bytes.contains(sequence: Array("Exif".utf8)))
        #expect(jpeg.bytes.count < Self.phoneJPEG.count && jpeg.bytes.suffix(2) == [0xFF, 0xD9])
        let png = try ImageFile(Array(Self.annotatedPNG))
        #expect(png.kind == .png && png.width == 20 && png.height == 10)
        #expect(!png.bytes.contains(sequence: Array("GPSLocation".utf8)))
        #expect(throws: ImageFile.Problem.notAnImage) { try ImageFile(Array("%PDF-1.7 not a photo".utf8)) }
        #expect(throws: ImageFile.Problem.damaged) { try ImageFile(Array(Self.phoneJPEG.prefix(100))) }
    }

    /// Posts an inspection of `group` with a photo, as the group page's form sends it.
    static func inspect(_ t: TestApp, group: Int, photo: Data, filename: String, thumbnail: Data?, as headers: HTTPHeaders) async throws -> TestApp.Answer {
        try await t.postMultipart("/star-groups/\(group)/inspections", fields: ["inspectedOn": "2021-03-15", "inspector": "社区评定组", "groundClean": "on"],
                                  files: [("photo", photo, filename), ("thumbnail", thumbnail ?? Data(), "thumbnail.jpg")], as: headers)
    }

    @Test(arguments: TestDatabase.available) func anInspectionKeepsItsPhotoForThoseWhoMaySeeIt(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { t in
            let worker = try await t.signIn("tongxin")
            // A group of 通信花园社区 other than the building-group leader's own.
            let group = try await t.id("SELECT g.id AS n FROM building_groups g JOIN places c ON g.path LIKE c.path || '%' JOIN places b ON b.id = g.place_id JOIN places k ON k.id = b.parent_id WHERE c.name = '通信花园社区' AND NOT (k.name = '纬五路13号院' AND b.name = '1号楼') ORDER BY g.id LIMIT 1")

            // Not a photo, by its bytes whatever its name; a thumbnail that is no small JPEG: named, nothing stored.
            let pdf = try await Self.inspect(t, group: group, photo: Data("%PDF-1.7".utf8), filename: "楼道.jpg", thumbnail: nil, as: worker)
            #expect(pdf.status == .unprocessableEntity && pdf.body.contains("“楼道.jpg”：不是JPEG、PNG或WebP格式的照片"))
            let big = try await Self.inspect(t, group: group, photo: Self.phoneJPEG, filename: "楼道.jpg", thumbnail: Self.phoneJPEG + Data(count: 300_000), as: worker)
            #expect(big.status == .unprocessableEntity && big.body.contains("缩略图无效"))
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM photos") == 0)
            #expect(try await t.scalar("SELECT COUNT(*) AS n FROM star_inspections WHERE building_group_id = \(group) AND inspected_on = '2021-03-15'") == 0)

            let saved = try await Self.inspect(t, group: group, photo: Self.phoneJPEG, filename: "楼道.jpg", thumbnail: Self.thumbnail, as: worker)
            #expect(saved.status == .seeOther, "\(saved.body.prefix(300))")
            let photo = try await t.id("SELECT id AS n FROM photos")
            #expect(try await t.get("/star-groups/\(group)", as: worker).body.contains("href=\"/photos/\(photo)\">照片</a>"))

            var stored = Data(), type = ""
            try await t.app.testing().test(.GET, "/photos/\(photo)", headers: worker) { res in
                stored = Data(buffer: res.body); type = res.headers.contentType?.serialize() ?? ""
            }
            #expect(type == "image/jpeg" && stored.count > 0 && !stored.contains(Data("PhoneMaker".utf8)), "stored without its metadata")
            #expect(try ImageFile(Array(stored)) == ImageFile(Array(Self.phoneJPEG)), "the same image, cleaned once")
            var small = Data()
            try await t.app.testing().test(.GET, "/photos/\(photo)/thumbnail", headers: worker) { res in small = Data(buffer: res.body) }
            #expect(small == Self.thumbnail)

            // The subdistrict sees it; the leader of another building, like anyone outside the record's places, does not.
            #expect(try await t.get("/photos/\(photo)", as: try await t.signIn("jiedao")).status == .ok)
            #expect(try await t.get("/photos/\(photo)", as: try await t.signIn("louzu")).status == .forbidden)
            #expect(try await t.get("/photos/\(photo)", as: HTTPHeaders()).status.code >= 300)
        }
    }
}

extension Array where Element == UInt8 {
    func contains(sequence: [UInt8]) -> Bool {
        guard sequence.count <= count else { return false }
        return (0...(count - sequence.count)).contains { self[$0..<($0 + sequence.count)].elementsEqual(sequence) }
    }
}
