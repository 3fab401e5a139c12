/// A string as a dictionary key compared by its UTF-8 bytes. Swift hashes non-ASCII strings through Unicode
/// normalisation, which bulk jobs keyed by Chinese titles and addresses pay millions of times; Chinese text has
/// no decomposed forms, so byte equality is the same answer for the keys used here (column titles, place addresses).
public struct TextKey: Hashable, Sendable {
    public let text: String
    public init(_ text: String) { self.text = text }
    public func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
    public static func == (a: TextKey, b: TextKey) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
}
