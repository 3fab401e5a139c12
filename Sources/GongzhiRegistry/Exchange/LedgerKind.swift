import Fluent
import Foundation
import GongzhiKit

/// The ledgers that travel as Excel files; each has an export, a template and an all-or-nothing import.
public enum LedgerKind: String, CaseIterable, Sendable {
    case residents, partyMembers = "party-members", organizations

    public var title: String {
        switch self { case .residents: "居民台账"; case .partyMembers: "党员台账"; case .organizations: "单位台账" }
    }

    var help: String {
        switch self {
        case .residents: "有“居民编号”的行更新该居民，没有的行新增居民；身份证号、电话已遮蔽，原样导回表示不变。"
        case .partyMembers: "身份证号属于本辖区居民的，自动关联该居民（姓名等不必重复录入）；其他人登记为非居民党员。"
        case .organizations: "驻区单位、两新组织、物业服务企业等；“已建党组织”“红色物业”填是或否。"
        }
    }

    public func export(_ scope: PlaceScope, on db: any Database) async throws -> Data {
        switch self {
        case .residents: try await ResidentLedger.export(scope, on: db)
        case .partyMembers: try await PartyMemberLedger.export(scope, on: db)
        case .organizations: try await OrganizationLedger.export(scope, on: db)
        }
    }

    public func template() throws -> Data {
        switch self {
        case .residents: try ResidentLedger.template()
        case .partyMembers: try PartyMemberLedger.template()
        case .organizations: try OrganizationLedger.template()
        }
    }

    /// Imports a file all or nothing; `record` writes the audit entry in the same transaction as the data, so no
    /// import is ever stored without its entry.
    public func importFile(_ data: Data, scope: PlaceScope, vault: PersonalDataVault, dependents: [ResidentDependent],
                           on db: any Database, record: @escaping ImportSummary.Record) async throws -> ImportSummary {
        switch self {
        case .residents: try await ResidentLedger.importFile(data, scope: scope, vault: vault, dependents: dependents, on: db, record: record)
        case .partyMembers: try await PartyMemberLedger.importFile(data, scope: scope, vault: vault, on: db, record: record)
        case .organizations: try await OrganizationLedger.importFile(data, scope: scope, on: db, record: record)
        }
    }
}
