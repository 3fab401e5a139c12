import Vapor

/// The year a page's yearly figures are for (“2020年新建…”): by default the latest year with records, so the report's
/// sentences read as written; a chooser above the figures offers every year with records (`?year=`).
public struct Period: Sendable, Hashable {
    /// nil: the latest year with records.
    public let year: Int?
    public init(year: Int?) { self.year = year }
    public static let latest = Period(year: nil)

    /// The year asked for in the address, within the years a subdistrict can have records for.
    public init(_ req: Request) throws { year = try req.queryInt("year", in: 1949...2100, label: "年份") }

    /// The year the figures are for: the one asked for, else the latest of `years`.
    public func resolved(among years: [Int]) -> Int? { year ?? years.max() }
}

/// Links to each year with records, the shown one marked; drawn here, escaped here.
public struct YearChooser: Encodable, Sendable {
    public let html: String

    /// - Parameters: `years` with records; `shown` the year the page shows; `path` the page, whose other query items are kept.
    public init(years: [Int], shown: Int?, path: String, query: [String: String] = [:]) {
        guard years.count > 1 else { html = ""; return }
        var out = "<nav class=\"years\" aria-label=\"选择年份\"><span>年份：</span>"
        for year in years.sorted(by: >) {
            var items = query; items["year"] = String(year)
            let link = path + "?" + items.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
            out += year == shown ? "<strong aria-current=\"page\">\(year)年</strong>" : "<a href=\"\(HTML.escape(link))\">\(year)年</a>"
        }
        html = out + "</nav>"
    }
}
