import Vapor

/// Refuses, before anything else reads it, a request whose address, query or form or JSON body holds a control
/// character (a NUL was stored in a name and a later write cut the name there; a NUL in a file path served the file)
/// or bytes that are not UTF-8. Line breaks and tabs pass in bodies, where notes may hold them; the rules of each
/// field (`TextRule`) decide whether that field may. Uploaded files are checked cell by cell by the ledger reader.
public struct InputGuard: AsyncMiddleware {
    public init() {}

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let target = request.url.string
        guard target.utf8.count <= Self.maxURL else { throw Abort(.uriTooLong) }
        let (path, query) = target.firstIndex(of: "?").map { (target[..<$0], target[target.index(after: $0)...]) } ?? (target[...], "")
        if let problem = Self.problem(urlEncoded: path, breaksAllowed: false, plusIsSpace: false) { throw AppError.badRequest("网址\(problem)") }
        // No page or record has a path segment this long; a file system refuses the name with an error of its own.
        if path.split(separator: "/").contains(where: { $0.utf8.count > 255 }) { throw AppError.badRequest("网址中有一段超过255个字符，不是本系统的地址") }
        if let problem = Self.problem(urlEncoded: query, breaksAllowed: false, plusIsSpace: true) { throw AppError.badRequest("网址的查询参数\(problem)") }
        guard [.POST, .PUT, .PATCH, .DELETE].contains(request.method), let type = request.headers.contentType else {
            return try await next.respond(to: request)
        }
        let isForm = type == .urlEncodedForm, isJSON = type.subType == "json" || type.subType.hasSuffix("+json")
        guard isForm || isJSON else { return try await next.respond(to: request) }
        if request.body.data == nil {
            do { _ = try await request.body.collect(max: CSRFProtection.maxBody).get() } catch { throw AppError.uploadTooLarge }
        }
        if let body = request.body.data {
            let bytes = Substring(decoding: body.readableBytesView, as: UTF8.self)
            let problem = isForm ? Self.problem(urlEncoded: bytes, breaksAllowed: true, plusIsSpace: true) : Self.problem(json: body.readableBytesView)
            if let problem { throw AppError.badRequest("提交的内容\(problem)") }
        }
        return try await next.respond(to: request)
    }

    /// Longer addresses are refused (414): no page needs one, and every layer below would copy it.
    static let maxURL = 8192

    static let controlCharacter = "含有不可见的控制字符（如NUL），已拒绝，未作任何改动；请删除后重新提交"
    static let notUTF8 = "含有无法识别的字符（不是UTF-8编码），已拒绝，未作任何改动；请重新输入"

    /// Decodes `%XX` and checks the bytes: no control characters (line breaks and tabs where `breaksAllowed`), valid UTF-8.
    static func problem(urlEncoded text: Substring, breaksAllowed: Bool, plusIsSpace: Bool) -> String? {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexDigit), let low = iterator.next().flatMap(hexDigit) else { return "含有不完整的百分号编码" }
                decoded.append(high << 4 | low)
            } else {
                decoded.append(plusIsSpace && byte == UInt8(ascii: "+") ? 0x20 : byte)
            }
        }
        return problem(decodedBytes: decoded, breaksAllowed: breaksAllowed)
    }

    /// The value of one hexadecimal digit, or nil.
    static func hexDigit(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x37
        case 0x61...0x66: b - 0x57
        default: nil
        }
    }

    static func problem(decodedBytes bytes: [UInt8], breaksAllowed: Bool) -> String? {
        for b in bytes where b < 0x20 || b == 0x7F {
            if breaksAllowed && (b == 0x0A || b == 0x0D || b == 0x09) { continue }
            return controlCharacter
        }
        guard String(validating: bytes, as: UTF8.self) != nil else { return notUTF8 }
        // C1 controls (U+0080–U+009F) are valid UTF-8 but never text.
        var previous: UInt8 = 0
        for b in bytes {
            if previous == 0xC2 && (0x80...0x9F).contains(b) { return controlCharacter }
            previous = b
        }
        return nil
    }

    /// A JSON body: valid UTF-8, and no control character written as an escape (`\u0000`) either; unpaired surrogates
    /// (`\ud800`) are not text.
    static func problem(json bytes: some Collection<UInt8>) -> String? {
        let array = Array(bytes)
        if let problem = problem(decodedBytes: array, breaksAllowed: true) { return problem }
        var i = 0
        let n = array.count
        /// The four hexadecimal digits of `\uXXXX` from `start`.
        func hexValue(_ start: Int) -> Int? {
            guard start + 4 <= n else { return nil }
            var v = 0
            for k in start..<(start + 4) {
                guard let d = hexDigit(array[k]) else { return nil }
                v = v * 16 + Int(d)
            }
            return v
        }
        while i < n - 1 {
            if array[i] == UInt8(ascii: "\\") {
                if array[i + 1] == UInt8(ascii: "u"), let v = hexValue(i + 2) {
                    if (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || (0x7F...0x9F).contains(v) { return controlCharacter }
                    if (0xD800...0xDBFF).contains(v) {
                        let low = i + 8 < n && array[i + 6] == UInt8(ascii: "\\") && array[i + 7] == UInt8(ascii: "u") ? hexValue(i + 8) : nil
                        guard let low, (0xDC00...0xDFFF).contains(low) else { return notUTF8 }
                        i += 12; continue
                    }
                    if (0xDC00...0xDFFF).contains(v) { return notUTF8 }
                    i += 6; continue
                }
                i += 2; continue
            }
            i += 1
        }
        return nil
    }
}
