import Foundation
@preconcurrency import Crypto

/// Seals personal information (ID and phone numbers, authenticator secrets) with AES-GCM and makes keyed hashes
/// for exact search, so the database never holds a number in the clear and a stolen dump cannot be searched.
///
/// Keys come from configuration. To rotate, the new key becomes `GONGZHI_DATA_KEY` and the old one
/// `GONGZHI_DATA_KEY_PREVIOUS`: every server then opens values sealed with either and searches by both hashes,
/// while `gongzhi keys rotate` re-seals and re-hashes the records in batches; afterwards the old key is dropped.
public struct PersonalDataVault: Sendable {
    struct Keys: Sendable {
        let id: String; let encryption: SymmetricKey; let search: SymmetricKey
        init(master: SymmetricKey) {
            encryption = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("gongzhi/encrypt".utf8), outputByteCount: 32)
            search = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("gongzhi/search".utf8), outputByteCount: 32)
            id = encryption.withUnsafeBytes { SHA256.hash(data: Data($0)) }.prefix(4).hex
        }
    }
    private let current: Keys
    private let previous: Keys?

    public init(masterKey: SymmetricKey, previousKey: SymmetricKey? = nil) {
        current = Keys(master: masterKey)
        previous = previousKey.map(Keys.init(master:))
    }

    /// `2:<key id>:<base64 nonce+ciphertext+tag>`; values sealed before key ids (`1:…`) are still opened.
    public func seal(_ plaintext: String) -> String {
        // AES-GCM with a fresh random nonce cannot fail for a valid 256-bit key.
        let box = try! AES.GCM.seal(Data(plaintext.utf8), using: current.encryption)
        return "2:\(current.id):" + box.combined!.base64EncodedString()
    }

    public func open(_ sealed: String) throws -> String {
        let parts = sealed.split(separator: ":", maxSplits: 2).map(String.init)
        let candidates: [Keys]
        let body: String
        switch (parts.first, parts.count) {
        case ("2", 3):
            candidates = [current, previous].compactMap { $0 }.filter { $0.id == parts[1] }
            body = parts[2]
        case ("1", 2):
            candidates = [current, previous].compactMap { $0 }
            body = parts[1]
        default:
            throw AppError.internalInconsistency("加密数据格式无法识别")
        }
        guard let data = Data(base64Encoded: body) else { throw AppError.internalInconsistency("加密数据格式无法识别") }
        for keys in candidates {
            if let plain = try? AES.GCM.open(AES.GCM.SealedBox(combined: data), using: keys.encryption) { return String(decoding: plain, as: UTF8.self) }
        }
        throw AppError.internalInconsistency("无法解密：该数据所用的密钥不在当前配置中（GONGZHI_DATA_KEY / GONGZHI_DATA_KEY_PREVIOUS）")
    }

    /// Whether `sealed` is already under the current key (key rotation skips it).
    public func isCurrent(_ sealed: String) -> Bool { sealed.hasPrefix("2:\(current.id):") }

    /// HMAC-SHA256 of the normalised value under the current key, hex: equal numbers give equal hashes.
    public func searchHash(_ value: String) -> String { Self.hash(value, key: current.search) }

    /// The hashes a stored record may carry for `value` while keys rotate: the current one first.
    public func searchHashes(_ value: String) -> [String] {
        [current.search, previous?.search].compactMap { $0 }.map { Self.hash(value, key: $0) }
    }

    static func hash(_ value: String, key: SymmetricKey) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(value.uppercased().utf8), using: key).hex
    }
}
