import GongzhiCore
import GongzhiKit

/// What a valid resident is, checked the same way wherever one is typed: the resident form, the API and a row of the
/// residents' ledger. Pure: what it needs from the database (who holds an ID number) is looked up by the caller.
/// Each rule has one message; a cause gives one problem (a wrong check digit is not also a missing gender).
struct ResidentRules: Sendable {
    /// The fields of a resident, with the ledger column each is typed in.
    enum Field: String, CaseIterable, Sendable {
        case name, idNumber, phone, gender, birthDate, residency, tags, relation
        var column: String {
            switch self {
            case .name: "姓名"; case .idNumber: "公民身份号码"; case .phone: "联系电话"; case .gender: "性别"
            case .birthDate: "出生日期"; case .residency: "居住类型"; case .tags: "标签"; case .relation: "与户主关系"
            }
        }
    }

    /// How a phone is given: a ledger row states it (an empty cell has none); a form leaves it as it is unless a number is typed or it is cleared.
    enum PhoneInput: Sendable { case keep, clear, typed(String) }

    /// The ID number as typed, parsed (and hashed) by the caller once: the import parses a whole file's numbers at once.
    enum NumberInput: Sendable {
        /// Left empty: keep the stored number.
        case empty
        /// The masked form as exported (`410105********0014`).
        case masked(String)
        case invalid(String)
        case valid(CitizenID)

        init(_ text: String) {
            let text = text.trimmedSpaces
            if text.isEmpty { self = .empty }
            else if text.contains("*") { self = .masked(text) }
            else { do { self = .valid(try CitizenID(text)) } catch { self = .invalid(error.description) } }
        }

        var isEmpty: Bool { if case .empty = self { true } else { false } }
    }

    /// What is stored of the resident (nothing for a new one).
    struct Stored: Sendable {
        var id: Int?
        var hasIDNumber = false
        var idMasked: String?
        var phoneMasked: String?
        var gender: Gender?
        var birthDate: String?
    }

    /// A resident as typed, in values or in the ledger's labels (男, 户籍, 老年人).
    struct Input: Sendable {
        var name: String
        var number: NumberInput
        var phone: PhoneInput
        /// Empty: not given (taken from the ID number).
        var gender = ""
        var birthDate = ""
        /// Empty: 户籍.
        var residency = ""
        var tags: [String] = []
        var relation: String
    }

    /// A resident that passed every rule, ready to store.
    struct Valid: Sendable {
        let name: String, gender: Gender, birthDate: String?, relation: String, residency: Residency, tags: [ResidentTag]
        /// nil: keep the stored number.
        let idNumber: CitizenID?
        /// `.keep` or `.clear` or a new number.
        let phone: PhoneChange
    }
    enum PhoneChange: Sendable { case keep, clear, set(PhoneNumber) }

    /// Checks `input` over `stored`; `holderOfNumber` is the resident who holds the typed ID number now, if any. Each
    /// problem names its field by `Field.rawValue` (a form's field; the ledger's column is `Field.column`).
    static func check(_ input: Input, stored: Stored, holderOfNumber: Int?) -> (valid: Valid?, problems: [FieldProblem]) {
        var problems: [FieldProblem] = []
        func problem(_ field: Field, _ message: String) { problems.append(FieldProblem(field.rawValue, message)) }

        var name = "", relation = ""
        switch TextRule.personName().check(input.name) { case .success(let text): name = text; case .failure(let p): problem(.name, p.description) }
        switch TextRule.relation.check(input.relation) { case .success(let text): relation = text; case .failure(let p): problem(.relation, p.description) }

        var idNumber: CitizenID?
        var numberIsWrong = false
        switch input.number {
        case .empty:
            if !stored.hasIDNumber { problem(.idNumber, "新增居民须填写公民身份号码"); numberIsWrong = stored.id == nil }
        case .masked(let text):
            if stored.idMasked != text { problem(.idNumber, "遮蔽的号码只能用于原样导回已有居民；新增或更改请填写完整号码"); numberIsWrong = true }
        case .invalid(let reason):
            problem(.idNumber, reason); numberIsWrong = true
        case .valid(let id):
            idNumber = id
            if let holder = holderOfNumber, holder != stored.id {
                problems.append(.conflict(Field.idNumber.rawValue, "该公民身份号码已登记在另一位居民名下"))
            }
        }

        // Gender and birth date come from the ID number; given ones must agree with it. Without a usable number (one
        // typed wrong is already its own problem) they are typed, and required only when nothing is stored.
        var gender = stored.gender
        var birth = stored.birthDate
        let genderText = input.gender.trimmedSpaces
        let birthText = input.birthDate.trimmedSpaces
        let givenGender = genderText.isEmpty ? nil : Gender(rawValue: genderText) ?? Gender(label: genderText)
        if !genderText.isEmpty && givenGender == nil { problem(.gender, "性别应为“男”或“女”") }
        let givenBirth = birthText.isEmpty ? nil : CivilDate(typed: birthText)
        if !birthText.isEmpty && givenBirth == nil { problem(.birthDate, "出生日期“\(birthText)”不是有效日期（格式YYYY-MM-DD）") }
        if let idNumber {
            gender = idNumber.isMale ? .male : .female
            birth = idNumber.birthDate.description
            if let givenGender, givenGender != gender { problem(.gender, "性别与公民身份号码不符（号码显示为\(gender!.label)）") }
            if let givenBirth, givenBirth != idNumber.birthDate { problem(.birthDate, "出生日期与公民身份号码不符（号码显示为\(idNumber.birthDate)）") }
        } else if stored.hasIDNumber && !numberIsWrong {
            // The stored number stays, and with it the gender and birth date it gives.
            if let givenGender, givenGender != gender { problem(.gender, "性别与公民身份号码不符（号码显示为\(gender?.label ?? "")）") }
            if let givenBirth, givenBirth.description != birth { problem(.birthDate, "出生日期与公民身份号码不符（号码显示为\(birth ?? "")）") }
        } else if !numberIsWrong {
            if let givenGender { gender = givenGender } else if gender == nil && genderText.isEmpty { problem(.gender, "请选择性别") }
            if let givenBirth { birth = givenBirth.description } else if birth == nil && birthText.isEmpty { problem(.birthDate, "请填写出生日期") }
        }

        var phone = PhoneChange.keep
        switch input.phone {
        case .keep: break
        case .clear: phone = .clear
        case .typed(let text):
            let text = text.trimmedSpaces
            if text.isEmpty { phone = .clear }
            else if text.contains("*") {
                if stored.phoneMasked != text { problem(.phone, "遮蔽的电话只能用于原样导回已有居民") }
            } else if let number = PhoneNumber(text) { phone = .set(number) }
            else { problem(.phone, "联系电话“\(text)”不是有效的手机或固定电话号码") }
        }

        let residencyText = input.residency.trimmedSpaces
        let residency = residencyText.isEmpty ? .registered : Residency(rawValue: residencyText) ?? Residency(label: residencyText)
        if residency == nil { problem(.residency, "居住类型应为：\(Residency.labels)") }

        var tags: [ResidentTag] = []
        for text in input.tags.map({ $0.trimmedSpaces }) where !text.isEmpty {
            guard let tag = ResidentTag(rawValue: text) ?? ResidentTag(label: text) else {
                problem(.tags, "未知标签“\(text)”，可用：\(ResidentTag.labels)"); break
            }
            if !tags.contains(tag) { tags.append(tag) }
        }

        guard problems.isEmpty, let gender, let residency else { return (nil, problems) }
        return (Valid(name: name, gender: gender, birthDate: birth, relation: relation, residency: residency, tags: tags,
                      idNumber: idNumber, phone: phone), [])
    }
}
