import Fluent
import Foundation
import GongzhiKit

/// The ledgers that travel as Excel files; each has an export, a template and an all-or-nothing import.
public enum LedgerKind: String, CaseIterable, Sendable {
    /// In the order a new subdistrict loads them: places first, then the party tree, units, residents, members.
    case places, partyOrganizations = "party-organizations", organizations, residents, partyMembers = "party-members"

    public var title: String {
        switch self {
        case .places: "地址台账"; case .partyOrganizations: "党组织台账"
        case .residents: "居民台账"; case .partyMembers: "党员台账"; case .organizations: "单位台账"
        }
    }

    var help: String {
        switch self {
        case .places: "社区、网格、楼院、楼栋（及楼组）、单元、楼层、房屋，一套房屋一行；按名称逐级匹配，已有的不重复创建。新建社区须填12位区划代码（前9位与街道相同）。"
        case .partyOrganizations: "党组织按名称找上级（系统中已有的或本文件中的），名称须唯一；所在社区、楼院为其服务的地点。"
        case .residents: "有“居民编号”的行更新该居民，没有的行新增居民；身份证号、电话已遮蔽，原样导回表示不变。户编号18位，前12位为所在社区的区划代码；地址须先在地址台账中建好。"
        case .partyMembers: "身份证号属于本辖区居民的，自动关联该居民（姓名等不必重复录入）；其他人登记为非居民党员。"
        case .organizations: "驻区单位、两新组织、物业服务企业等；“已建党组织”“红色物业”填是或否。"
        }
    }

    public func export(_ scope: PlaceScope, on db: any Database) async throws -> Data {
        switch self {
        case .places: try await PlaceLedger.export(scope, on: db)
        case .partyOrganizations: try await PartyOrganizationLedger.export(scope, on: db)
        case .residents: try await ResidentLedger.export(scope, on: db)
        case .partyMembers: try await PartyMemberLedger.export(scope, on: db)
        case .organizations: try await OrganizationLedger.export(scope, on: db)
        }
    }

    public func template() throws -> Data {
        switch self {
        case .places: try PlaceLedger.template()
        case .partyOrganizations: try PartyOrganizationLedger.template()
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
        case .places: try await PlaceLedger.importFile(data, scope: scope, vault: vault, on: db, record: record)
        case .partyOrganizations: try await PartyOrganizationLedger.importFile(data, scope: scope, on: db, record: record)
        case .residents: try await ResidentLedger.importFile(data, scope: scope, vault: vault, dependents: dependents, on: db, record: record)
        case .partyMembers: try await PartyMemberLedger.importFile(data, scope: scope, vault: vault, on: db, record: record)
        case .organizations: try await OrganizationLedger.importFile(data, scope: scope, on: db, record: record)
        }
    }
}
