import Foundation

/// Splits a large XML part (a worksheet, the shared strings) into pieces of whole elements, each wrapped in the
/// part's own root start tag, so that the parser never meets a document above libxml2's size limits
/// (a 60 MB worksheet of 75,000 rows fails in one piece) and memory stays bounded.
enum XMLChunks {
    static func split(_ data: Data, element: String, maxBytes: Int = 4 << 20) -> [Data] {
        guard data.count > maxBytes else { return [data] }
        let name = Array(element.utf8)
        return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [Data] in
            let bytes = raw.bindMemory(to: UInt8.self)
            let n = bytes.count
            // The root element's start tag and name, to wrap every piece.
            var i = 0
            while i < n - 1 && !(bytes[i] == UInt8(ascii: "<") && bytes[i + 1] != UInt8(ascii: "?") && bytes[i + 1] != UInt8(ascii: "!")) { i += 1 }
            let rootStart = i
            var j = i + 1
            while j < n && bytes[j] != UInt8(ascii: " ") && bytes[j] != UInt8(ascii: ">") && bytes[j] != UInt8(ascii: "/") { j += 1 }
            let rootName = Data(bytes[(i + 1)..<j])
            while j < n && bytes[j] != UInt8(ascii: ">") { j += 1 }
            let open = Data(bytes[rootStart...j])
            let close = Data("</".utf8) + rootName + Data(">".utf8)

            /// Whether the tag name starting at `k` has local name `element` (any prefix).
            func matches(_ k: Int) -> Bool {
                var end = k
                while end < n, bytes[end] != UInt8(ascii: " "), bytes[end] != UInt8(ascii: ">"), bytes[end] != UInt8(ascii: "/") { end += 1 }
                guard end - k >= name.count else { return false }
                let localStart = end - name.count
                guard localStart == k || bytes[localStart - 1] == UInt8(ascii: ":") else { return false }
                for (offset, byte) in name.enumerated() where bytes[localStart + offset] != byte { return false }
                return true
            }
            var pieces: [Data] = []
            var start = -1, lastEnd = -1
            var k = j + 1
            while k < n - 1 {
                if bytes[k] == UInt8(ascii: "<") {
                    if bytes[k + 1] == UInt8(ascii: "/") {
                        if matches(k + 2) {
                            while k < n && bytes[k] != UInt8(ascii: ">") { k += 1 }
                            lastEnd = k + 1
                            if start >= 0 && lastEnd - start >= maxBytes {
                                pieces.append(open + Data(bytes[start..<lastEnd]) + close)
                                start = -1
                            }
                        }
                    } else if start < 0 && matches(k + 1) {
                        start = k
                    }
                }
                k += 1
            }
            if start >= 0 && lastEnd > start { pieces.append(open + Data(bytes[start..<lastEnd]) + close) }
            return pieces
        }
    }
}
