// Writes the pinyin order of the CJK Unified Ideographs (U+4E00–U+9FFF) as one little-endian UInt16 rank per code
// point, the table `Collation` reads. The order is ICU's Chinese collation (pinyin, as the Xinhua Zidian orders
// characters); run with `swiftc -O scripts/pinyin-order.swift -o /tmp/pinyin-order && /tmp/pinyin-order OUT`.
import Foundation

let first: UInt32 = 0x4E00, last: UInt32 = 0x9FFF
let characters = (first...last).map { String(Character(Unicode.Scalar($0)!)) }
let locale = Locale(identifier: "zh_Hans_CN")
let ordered = characters.indices.sorted { a, b in
    switch characters[a].compare(characters[b], locale: locale) {
    case .orderedAscending: true
    case .orderedDescending: false
    case .orderedSame: a < b
    }
}
var ranks = [UInt16](repeating: 0, count: characters.count)
for (rank, index) in ordered.enumerated() { ranks[index] = UInt16(rank) }
let data = ranks.withUnsafeBufferPointer { Data(buffer: $0) }
try data.write(to: URL(fileURLWithPath: CommandLine.arguments[1]))
print("\(ranks.count) characters")
