import Foundation

/// Names in the order a Chinese reader looks for them: by pinyin (阿、安、曾、陈、丁、李、万、王、于、张), not by code point
/// (丁、万、于…). Every list of names a user picks from or reads through uses it, and tables sorted by name in the
/// database sort by the stored `key` of the name. The table of ranks is ICU's Chinese collation of the 20,992 CJK
/// Unified Ideographs, generated once by `scripts/pinyin-order.swift`, so every server orders alike.
public enum Collation {
    private static let ranks: [UInt16] = {
        guard let url = Bundle.module.url(forResource: "pinyin-order", withExtension: "bin", subdirectory: "Collation"),
              let data = try? Data(contentsOf: url), data.count == 2 * 20_992 else { return [] }
        return data.withUnsafeBytes { raw in (0..<20_992).map { UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self)) } }
    }()

    /// A text whose byte order is the pinyin order of `name`, and which begins with the key of any beginning of the
    /// name (so a search by the start of a name is a range of keys): four hex digits per character — a CJK ideograph
    /// by its pinyin rank within the ideographs' own block (U+4E00 up), so above digits and Latin letters (A–Z folded
    /// to a–z), anything else in the basic plane by its code point; a character beyond it as `ffff` and six digits.
    public static func key(_ name: String) -> String {
        let ranks = self.ranks
        var bytes: [UInt8] = []
        bytes.reserveCapacity(name.unicodeScalars.count * 4)
        func append(_ value: UInt32, digits: Int) {
            for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) { bytes.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)]) }
        }
        for scalar in name.unicodeScalars {
            var value = scalar.value
            if value >= 0x41 && value <= 0x5A { value += 0x20 }
            if value >= 0x4E00 && value <= 0x9FFF && !ranks.isEmpty { value = 0x4E00 + UInt32(ranks[Int(value - 0x4E00)]) }
            if value <= 0xFFFF { append(value, digits: 4) } else { append(0xFFFF, digits: 4); append(value, digits: 6) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `items` ordered by the pinyin of `name`.
    public static func sorted<T>(_ items: [T], by name: (T) -> String) -> [T] {
        items.map { (key(name($0)), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
