import Foundation

/// A choice among many — a unit among 200, a place among 120 — as every form offers it: a select, its options in
/// pinyin order (or in the tree order given), and above a long one a box whose text narrows the options as it is
/// typed (`app.js`; without script the select works as is). Drawn here, escaped here; a template embeds `html`.
public struct Picker: Encodable, Sendable {
    public struct Option: Sendable {
        public let value: String
        public let label: String
        public init(_ value: String, _ label: String) { self.value = value; self.label = label }
    }

    public let html: String

    /// - Parameters:
    ///   - empty: the label of a first option with no value (`请选择`, `—`), if the choice may be left empty.
    ///   - ordered: options are already in their order (a tree); otherwise they are sorted by pinyin.
    ///   - multiple: several may be chosen (the field's name then ends in `[]`).
    public init(name: String, label: String, options: [Option], selected: String?, empty: String? = nil, ordered: Bool = false,
                multiple: Bool = false, error: String? = nil) {
        let e = HTML.escape
        let options = ordered ? options : Collation.sorted(options, by: \.label)
        let id = "picker-" + name.replacingOccurrences(of: "[]", with: "")
        var out = "<label>\(e(label))"
        if options.count > Self.filterAbove {
            out += "<input type=\"search\" class=\"picker-filter\" data-picker=\"\(e(id))\" autocomplete=\"off\" "
                + "placeholder=\"输入文字筛选（共\(options.count)项）\" aria-label=\"筛选\(e(label))\">"
        }
        out += "<select name=\"\(e(name))\" id=\"\(e(id))\"\(multiple ? " multiple size=\"8\"" : "")\(error == nil ? "" : " aria-invalid=\"true\"")>"
        if let empty { out += "<option value=\"\">\(e(empty))</option>" }
        for option in options {
            out += "<option value=\"\(e(option.value))\"\(option.value == selected ? " selected" : "")>\(e(option.label))</option>"
        }
        out += "</select>"
        if let error { out += "<span class=\"field-error\">\(e(error))</span>" }
        html = out + "</label>"
    }

    /// Lists longer than this get the filter box.
    static let filterAbove = 12
}
