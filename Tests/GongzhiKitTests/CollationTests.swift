import GongzhiKit
import Testing

/// Names sort as a Chinese reader looks them up: by pinyin, not by code point.
struct CollationTests {
    @Test func namesSortByPinyin() {
        let names = ["张三", "丁一", "万二", "于四", "王五", "安六", "赵七", "陈八", "李九", "阿十"]
        #expect(Collation.sorted(names, by: { $0 }) == ["阿十", "安六", "陈八", "丁一", "李九", "万二", "王五", "于四", "张三", "赵七"])
        // Code point order would put 丁 (U+4E01) first and 阿 (U+963F) near the end.
        #expect(names.sorted() != Collation.sorted(names, by: { $0 }))
    }

    @Test func digitsAndLettersComeBeforeCharacters() {
        #expect(Collation.sorted(["安居楼", "A座", "3号楼", "b座"], by: { $0 }) == ["3号楼", "A座", "b座", "安居楼"])
        #expect(Collation.key("王") < Collation.key("王五"), "a name sorts before its longer forms")
    }
}
