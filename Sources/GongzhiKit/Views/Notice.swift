@preconcurrency import Crypto
import Foundation
import Vapor

/// The one way a write tells the user it worked: after a successful POST the handler redirects (so a refresh never
/// posts again) with a short notice, which the next page shows once above its content (`layout.notice`).
/// The notice travels in a cookie signed with a key derived from the data key, so no link or other site can make a
/// page show words the application did not write, and no server keeps state for it.
extension Request {
    /// A 303 to `path` that shows `notice` on the page it lands on.
    public func redirect(to path: String, notice: String) -> Response {
        let response = redirect(to: path, redirectType: .normal)
        let text = Data(notice.utf8).base64EncodedString()
        let mac = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: gongzhi.noticeKey)
        response.cookies[Notice.cookie] = HTTPCookies.Value(string: text + "." + Data(mac).base64EncodedString(), maxAge: 120, path: "/",
                                                            isSecure: isSecure, isHTTPOnly: true, sameSite: .lax)
        return response
    }

    /// The notice a redirect left for this page, if its signature holds.
    var notice: String? {
        guard let value = cookies[Notice.cookie]?.string, let dot = value.firstIndex(of: ".") else { return nil }
        let text = String(value[..<dot])
        guard let mac = Data(base64Encoded: String(value[value.index(after: dot)...])),
              HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Data(text.utf8), using: gongzhi.noticeKey),
              let data = Data(base64Encoded: text) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

enum Notice {
    static let cookie = "gongzhi_notice"

    /// Shown once: the page that showed it removes the cookie.
    static func consumed(by req: Request, _ response: Response) {
        guard req.cookies[cookie] != nil else { return }
        response.cookies[cookie] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/",
                                                     isSecure: req.isSecure, isHTTPOnly: true, sameSite: .lax)
    }

    static func key(from master: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("gongzhi/notice".utf8), outputByteCount: 32)
    }
}
