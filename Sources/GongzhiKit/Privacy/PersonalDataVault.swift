import Foundation
@preconcurrency import Crypto

/// Seals personal information (ID and phone numbers) with AES-GCM and makes keyed hashes for exact search,
/// so the database never holds a number in the clear and a stolen dump cannot be searched.
public struct PersonalDataVault: Sendable {
    /// Prefix of every sealed value, so a future key rotation can tell old from new.
    static let version = "1:"
    private let encryptionKey: SymmetricKey
    private let searchKey: SymmetricKey

    public init(masterKey: SymmetricKey) {
        encryptionKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: masterKey, info: Data("gongzhi/encrypt".utf8), outputByteCount: 32)
        searchKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: masterKey, info: Data("gongzhi/search".utf8), outputByteCount: 32)
    }

    public func seal(_ plaintext: String) -> String {
        // AES-GCM with a fresh random nonce cannot fail for a valid 256-bit key.
        let box = try! AES.GCM.seal(Data(plaintext.utf8), using: encryptionKey)
        return Self.version + box.combined!.base64EncodedString()
    }

    public func open(_ sealed: String) throws -> String {
        guard sealed.hasPrefix(Self.version), let data = Data(base64Encoded: String(sealed.dropFirst(Self.version.count))) else {
            throw AppError.internalInconsistency("加密数据格式无法识别")
        }
        let plain = try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: encryptionKey)
        return String(decoding: plain, as: UTF8.self)
    }

    /// HMAC-SHA256 of the normalised value, hex: equal numbers give equal hashes, nothing else can be learned.
    public func searchHash(_ value: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(value.uppercased().utf8), using: searchKey)
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in mac { hex.append(digits[Int(byte >> 4)]); hex.append(digits[Int(byte & 0x0f)]) }
        return String(decoding: hex, as: UTF8.self)
    }
}
