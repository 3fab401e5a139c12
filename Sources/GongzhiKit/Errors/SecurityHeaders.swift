import Vapor

/// Headers every answer carries: a Content-Security-Policy that allows only this site's own script, styles and
/// images (no inline script, so injected markup cannot run), no framing, no type sniffing, and no caching of
/// signed-in pages, which hold personal data, on shared computers.
public struct SecurityHeaders: AsyncMiddleware {
    /// `blob:` images: the photo a user picks, drawn by the page's own script to make its thumbnail before upload.
    static let policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; object-src 'none'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    public init() {}

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let h = response.headers
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.policy)
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        if request.isSecure { response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000") }
        if request.currentUserIfAny != nil, h.first(name: .cacheControl) == nil {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}
