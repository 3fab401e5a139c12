/// A photo as uploaded, read from its bytes (never its name): JPEG, PNG or WebP, its size in pixels, and the same
/// image with its metadata removed — EXIF (where a phone writes the place a photo was taken), XMP, IPTC, comments
/// and text chunks — without decoding or re-encoding a pixel.
public struct ImageFile: Sendable, Equatable {
    public enum Kind: String, Sendable { case jpeg, png, webp
        public var contentType: String { switch self { case .jpeg: "image/jpeg"; case .png: "image/png"; case .webp: "image/webp" } }
    }
    public let kind: Kind
    public let width: Int
    public let height: Int
    /// The image without metadata.
    public let bytes: [UInt8]

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case notAnImage, damaged, tooLarge(Int), tooManyPixels
        public var description: String {
            switch self {
            case .notAnImage: "不是JPEG、PNG或WebP格式的照片"
            case .damaged: "照片文件已损坏，无法读取"
            case .tooLarge(let limit): "照片不能超过\(limit / 1_048_576)MB，请压缩后再上传"
            case .tooManyPixels: "照片尺寸过大（超过1.2亿像素）"
            }
        }
    }

    /// The largest photo accepted, and the most pixels.
    public static let maxBytes = 12 * 1_048_576
    static let maxPixels = 120_000_000

    public init(_ data: [UInt8], maxBytes: Int = ImageFile.maxBytes) throws(Problem) {
        guard data.count <= maxBytes else { throw .tooLarge(maxBytes) }
        let parsed: (Kind, Int, Int, [UInt8])
        if data.starts(with: [0xFF, 0xD8, 0xFF]) { parsed = try Self.jpeg(data) }
        else if data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { parsed = try Self.png(data) }
        else if data.count >= 12, data[0..<4].elementsEqual("RIFF".utf8), data[8..<12].elementsEqual("WEBP".utf8) { parsed = try Self.webp(data) }
        else { throw .notAnImage }
        guard parsed.1 > 0, parsed.2 > 0 else { throw .damaged }
        guard parsed.1 * parsed.2 <= Self.maxPixels else { throw .tooManyPixels }
        (kind, width, height, bytes) = parsed
    }

    static func be16(_ d: [UInt8], _ i: Int) -> Int { Int(d[i]) << 8 | Int(d[i + 1]) }
    static func be32(_ d: [UInt8], _ i: Int) -> Int { Int(d[i]) << 24 | Int(d[i + 1]) << 16 | Int(d[i + 2]) << 8 | Int(d[i + 3]) }
    static func le24(_ d: [UInt8], _ i: Int) -> Int { Int(d[i]) | Int(d[i + 1]) << 8 | Int(d[i + 2]) << 16 }
    static func le32(_ d: [UInt8], _ i: Int) -> Int { le24(d, i) | Int(d[i + 3]) << 24 }

    /// Keeps the image segments and APP0 (JFIF), APP2 (colour profile) and APP14 (Adobe colour); drops every other
    /// application segment (APP1 holds EXIF with GPS, and XMP) and comments.
    static func jpeg(_ d: [UInt8]) throws(Problem) -> (Kind, Int, Int, [UInt8]) {
        var out: [UInt8] = [0xFF, 0xD8]
        var i = 2, width = 0, height = 0
        while i + 4 <= d.count {
            guard d[i] == 0xFF else { throw .damaged }
            let marker = d[i + 1]
            if marker == 0xFF { i += 1; continue }  // fill byte
            if marker == 0xD9 { out += [0xFF, 0xD9]; return (.jpeg, width, height, out) }
            let length = be16(d, i + 2)
            guard length >= 2, i + 2 + length <= d.count else { throw .damaged }
            let segment = d[i..<(i + 2 + length)]
            if [0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF].contains(marker), length >= 7 {
                height = be16(d, i + 5); width = be16(d, i + 7)
            }
            let isApplication = (0xE0...0xEF).contains(marker)
            if !(isApplication && ![0xE0, 0xE2, 0xEE].contains(marker)) && marker != 0xFE { out += segment }
            i += 2 + length
            if marker == 0xDA {  // start of scan: the compressed image follows to the end
                out += d[i...]
                return (.jpeg, width, height, out)
            }
        }
        throw .damaged
    }

    /// Keeps every chunk but the metadata ones (eXIf, tEXt, zTXt, iTXt, tIME).
    static func png(_ d: [UInt8]) throws(Problem) -> (Kind, Int, Int, [UInt8]) {
        var out = Array(d[0..<8])
        var i = 8, width = 0, height = 0
        while i + 12 <= d.count {
            let length = be32(d, i)
            guard length >= 0, i + 12 + length <= d.count else { throw .damaged }
            let type = String(decoding: d[(i + 4)..<(i + 8)], as: UTF8.self)
            if type == "IHDR", length >= 8 { width = be32(d, i + 8); height = be32(d, i + 12) }
            if !["eXIf", "tEXt", "zTXt", "iTXt", "tIME"].contains(type) { out += d[i..<(i + 12 + length)] }
            i += 12 + length
            if type == "IEND" { return (.png, width, height, out) }
        }
        throw .damaged
    }

    /// Drops the EXIF and XMP chunks and clears their flags in the extended header.
    static func webp(_ d: [UInt8]) throws(Problem) -> (Kind, Int, Int, [UInt8]) {
        var chunks: [UInt8] = []
        var i = 12, width = 0, height = 0
        while i + 8 <= d.count {
            let fourcc = String(decoding: d[i..<(i + 4)], as: UTF8.self)
            let size = le32(d, i + 4)
            let padded = size + size % 2
            guard size >= 0, i + 8 + size <= d.count else { throw .damaged }
            var chunk = Array(d[i..<min(d.count, i + 8 + padded)])
            switch fourcc {
            case "VP8X" where size >= 10:
                chunk[8] &= ~UInt8(0x0C)
                width = le24(d, i + 12) + 1; height = le24(d, i + 15) + 1
            case "VP8 " where size >= 10 && width == 0:
                width = (Int(d[i + 14]) | Int(d[i + 15]) << 8) & 0x3FFF; height = (Int(d[i + 16]) | Int(d[i + 17]) << 8) & 0x3FFF
            case "VP8L" where size >= 5 && width == 0:
                let bits = le32(d, i + 9)
                width = (bits & 0x3FFF) + 1; height = ((bits >> 14) & 0x3FFF) + 1
            default: break
            }
            if fourcc != "EXIF" && fourcc != "XMP " { chunks += chunk }
            i += 8 + padded
        }
        guard !chunks.isEmpty else { throw .damaged }
        let total = 4 + chunks.count
        let header: [UInt8] = Array("RIFF".utf8) + [UInt8(total & 0xFF), UInt8(total >> 8 & 0xFF), UInt8(total >> 16 & 0xFF), UInt8(total >> 24 & 0xFF)]
            + Array("WEBP".utf8)
        return (.webp, width, height, header + chunks)
    }
}
