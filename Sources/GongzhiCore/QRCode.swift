/// A QR code (ISO/IEC 18004) of a short text in byte mode, error correction level M, versions 1–10 (up to 213
/// bytes): enough for an authenticator's `otpauth://` address, which a phone's camera then reads instead of a
/// 32-letter key typed by hand. `modules[row][column]` is true for a dark module; the quiet zone is the caller's.
public struct QRCode: Sendable {
    public let version: Int
    public let modules: [[Bool]]
    public var size: Int { modules.count }

    public enum Failure: Error { case tooLong(Int) }

    public init(_ text: String) throws {
        let data = Array(text.utf8)
        guard let version = (1...10).first(where: { Self.capacity($0) >= data.count }) else { throw Failure.tooLong(data.count) }
        self.version = version
        var matrix = Matrix(version: version)
        matrix.drawFunctionPatterns()
        matrix.drawCodewords(Self.codewords(data, version: version))
        var best: (penalty: Int, modules: [[Bool]])?
        for mask in 0..<8 {
            var candidate = matrix
            candidate.apply(mask: mask)
            candidate.drawFormat(mask: mask)
            let penalty = candidate.penalty()
            if best == nil || penalty < best!.penalty { best = (penalty, candidate.dark) }
        }
        modules = best!.modules
    }

    // MARK: - Data and error correction

    /// Error correction at level M per version: codewords of error correction per block, and the blocks' data lengths.
    static let blocks: [(ec: Int, data: [Int])] = [
        (10, [16]), (16, [28]), (26, [44]), (18, [32, 32]), (24, [43, 43]),
        (16, [27, 27, 27, 27]), (18, [31, 31, 31, 31]), (22, [38, 38, 39, 39]), (22, [36, 36, 36, 37, 37]), (26, [43, 43, 43, 43, 44]),
    ]

    static func dataCodewords(_ version: Int) -> Int { blocks[version - 1].data.reduce(0, +) }
    /// Bytes that fit: the mode (4 bits) and count (8 bits, 16 from version 10) come first.
    static func capacity(_ version: Int) -> Int { dataCodewords(version) - (version < 10 ? 2 : 3) }

    static func codewords(_ data: [UInt8], version: Int) -> [UInt8] {
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) { for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) } }
        append(0b0100, 4)
        append(data.count, version < 10 ? 8 : 16)
        for byte in data { append(Int(byte), 8) }
        let capacity = dataCodewords(version) * 8
        append(0, min(4, capacity - bits.count))
        while bits.count % 8 != 0 { bits.append(false) }
        var bytes = stride(from: 0, to: bits.count, by: 8).map { i in bits[i..<i + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) } }
        var pad: UInt8 = 0xEC
        while bytes.count < dataCodewords(version) { bytes.append(pad); pad = pad == 0xEC ? 0x11 : 0xEC }

        let (ecCount, lengths) = blocks[version - 1]
        var dataBlocks: [[UInt8]] = [], ecBlocks: [[UInt8]] = []
        var offset = 0
        for length in lengths {
            let block = Array(bytes[offset..<offset + length])
            offset += length
            dataBlocks.append(block)
            ecBlocks.append(ReedSolomon.remainder(block, count: ecCount))
        }
        var result: [UInt8] = []
        for i in 0..<(lengths.max() ?? 0) { for block in dataBlocks where i < block.count { result.append(block[i]) } }
        for i in 0..<ecCount { for block in ecBlocks { result.append(block[i]) } }
        return result
    }

    enum ReedSolomon {
        static let (exp, log): ([UInt8], [Int]) = {
            var exp = [UInt8](repeating: 0, count: 512), log = [Int](repeating: 0, count: 256)
            var x = 1
            for i in 0..<255 {
                exp[i] = UInt8(x); log[x] = i
                x <<= 1
                if x & 0x100 != 0 { x ^= 0x11D }
            }
            for i in 255..<512 { exp[i] = exp[i - 255] }
            return (exp, log)
        }()

        static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 { a == 0 || b == 0 ? 0 : exp[log[Int(a)] + log[Int(b)]] }

        /// The generator of degree `count`: (x − α⁰)(x − α¹)…, highest power first.
        static func generator(_ count: Int) -> [UInt8] {
            var g: [UInt8] = [1]
            for i in 0..<count {
                var next = [UInt8](repeating: 0, count: g.count + 1)
                for (j, c) in g.enumerated() { next[j] ^= c; next[j + 1] ^= multiply(c, exp[i]) }
                g = next
            }
            return g
        }

        static func remainder(_ data: [UInt8], count: Int) -> [UInt8] {
            let g = generator(count)
            var r = data + [UInt8](repeating: 0, count: count)
            for i in 0..<data.count where r[i] != 0 {
                let factor = r[i]
                for j in 0..<g.count { r[i + j] ^= multiply(g[j], factor) }
            }
            return Array(r[data.count...])
        }
    }

    // MARK: - The matrix

    struct Matrix {
        let version: Int
        let size: Int
        var dark: [[Bool]]
        /// Modules of the fixed patterns, which data and masks leave alone.
        var reserved: [[Bool]]

        init(version: Int) {
            self.version = version
            size = 17 + 4 * version
            dark = Array(repeating: Array(repeating: false, count: size), count: size)
            reserved = dark
        }

        mutating func set(_ row: Int, _ column: Int, _ value: Bool) { dark[row][column] = value; reserved[row][column] = true }

        mutating func drawFunctionPatterns() {
            for (r, c) in [(0, 0), (0, size - 7), (size - 7, 0)] {
                for dr in -1...7 { for dc in -1...7 {
                    let (row, column) = (r + dr, c + dc)
                    guard (0..<size).contains(row), (0..<size).contains(column) else { continue }
                    let ring = max(abs(dr - 3), abs(dc - 3))
                    set(row, column, ring != 2 && ring != 4)
                } }
            }
            for i in 8..<(size - 8) { set(6, i, i % 2 == 0); set(i, 6, i % 2 == 0) }
            let centres = Self.alignment[version - 1]
            for r in centres { for c in centres {
                if (r == 6 && c == 6) || (r == 6 && c == centres.last!) || (r == centres.last! && c == 6) { continue }
                for dr in -2...2 { for dc in -2...2 { set(r + dr, c + dc, max(abs(dr), abs(dc)) != 1) } }
            } }
            set(size - 8, 8, true)  // the dark module
            drawFormat(mask: 0)      // reserves the format areas; drawn again for the chosen mask
            if version >= 7 {
                let bits = Self.versionBits(version)
                for i in 0..<18 {
                    let bit = (bits >> i) & 1 == 1
                    set(i / 3, size - 11 + i % 3, bit)
                    set(size - 11 + i % 3, i / 3, bit)
                }
            }
        }

        static let alignment: [[Int]] = [[], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50]]

        static func versionBits(_ version: Int) -> Int {
            var rem = version
            for _ in 0..<12 { rem = (rem << 1) ^ ((rem >> 11) * 0x1F25) }
            return version << 12 | rem
        }

        static func formatBits(mask: Int) -> Int {
            let data = 0b00 << 3 | mask  // level M
            var rem = data
            for _ in 0..<10 { rem = (rem << 1) ^ ((rem >> 9) * 0x537) }
            return (data << 10 | rem) ^ 0x5412
        }

        mutating func drawFormat(mask: Int) {
            let bits = Self.formatBits(mask: mask)
            func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
            for i in 0...5 { set(i, 8, bit(i)) }
            set(7, 8, bit(6)); set(8, 8, bit(7)); set(8, 7, bit(8))
            for i in 9..<15 { set(8, 14 - i, bit(i)) }
            for i in 0..<8 { set(8, size - 1 - i, bit(i)) }
            for i in 8..<15 { set(size - 15 + i, 8, bit(i)) }
            set(size - 8, 8, true)
        }

        mutating func drawCodewords(_ codewords: [UInt8]) {
            var index = 0
            let total = codewords.count * 8
            var right = size - 1
            while right >= 1 {
                if right == 6 { right = 5 }
                for vertical in 0..<size {
                    for j in 0..<2 {
                        let column = right - j
                        let upward = ((right + 1) & 2) == 0
                        let row = upward ? size - 1 - vertical : vertical
                        guard !reserved[row][column] else { continue }
                        if index < total { dark[row][column] = (codewords[index >> 3] >> (7 - (index & 7))) & 1 == 1; index += 1 }
                    }
                }
                right -= 2
            }
        }

        mutating func apply(mask: Int) {
            for r in 0..<size { for c in 0..<size where !reserved[r][c] {
                let flip = switch mask {
                case 0: (r + c) % 2 == 0
                case 1: r % 2 == 0
                case 2: c % 3 == 0
                case 3: (r + c) % 3 == 0
                case 4: (r / 2 + c / 3) % 2 == 0
                case 5: r * c % 2 + r * c % 3 == 0
                case 6: (r * c % 2 + r * c % 3) % 2 == 0
                default: ((r + c) % 2 + r * c % 3) % 2 == 0
                }
                if flip { dark[r][c].toggle() }
            } }
        }

        /// The standard's penalty: runs, 2×2 blocks, finder-like patterns, and the balance of dark and light.
        func penalty() -> Int {
            var score = 0
            for line in 0..<size {
                for horizontal in [true, false] {
                    var run = 1
                    var bits: [Bool] = []
                    for i in 0..<size {
                        let value = horizontal ? dark[line][i] : dark[i][line]
                        bits.append(value)
                        if i > 0 {
                            if value == bits[i - 1] { run += 1 } else { if run >= 5 { score += run - 2 }; run = 1 }
                        }
                    }
                    if run >= 5 { score += run - 2 }
                    let pattern: [Bool] = [true, false, true, true, true, false, true, false, false, false, false]
                    for i in 0...(size - 11) where Array(bits[i..<i + 11]) == pattern || Array(bits[i..<i + 11]) == pattern.reversed() { score += 40 }
                }
            }
            for r in 0..<(size - 1) { for c in 0..<(size - 1) {
                let v = dark[r][c]
                if v == dark[r][c + 1] && v == dark[r + 1][c] && v == dark[r + 1][c + 1] { score += 3 }
            } }
            let darkCount = dark.reduce(0) { $0 + $1.filter { $0 }.count }
            score += abs(darkCount * 20 - size * size * 10) / (size * size) * 10
            return score
        }
    }
}
