import GongzhiKit

extension Picker {
    /// Places or party organisations in their tree order (indented), as a picker.
    init(name: String, label: String, tree options: [ResidentViews.Option], error: String?) {
        self.init(name: name, label: label, options: options.map { .init($0.value, $0.label) },
                  selected: options.first(where: \.selected)?.value, ordered: true, error: error)
    }
}
