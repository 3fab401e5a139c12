import Fluent
import GongzhiCore
import GongzhiKit
import GongzhiRegistry
import GongzhiService

/// The first draft of a letter of 一书一函一信, filled from the records it cites: the committee's member units, the
/// open needs under it, and the unit's agreements, projects and resources. The worker edits it before it is kept.
enum LetterDraft {
    static func make(_ kind: LetterKind, committee: RegistryDirectory.PartyOrganizationEntry, members: Int, unit: RegistryDirectory.OrganizationEntry?,
                     on db: any Database) async throws -> (title: String, body: String) {
        let needs = try await ServiceDirectory.openNeeds(under: committee.path, latest: 5, on: db)
        let wanted = needs.titles.isEmpty ? "" : "，如" + needs.titles.map { "“\($0)”" }.joined(separator: "、")
        switch kind {
        case .proposal:
            return ("致\(committee.name)各成员单位的倡议书",
                    "各成员单位：\n\(committee.name)现有成员单位\(members)家。辖区居民目前还有\(needs.count)件需求等待认领\(wanted)。"
                    + "我们倡议：各成员单位开放闲置场地、组织在职党员到居住地社区报到服务、认领居民的需求和微心愿，把资源清单、需求清单、项目清单对接起来，共建共治共享美好家园。")
        case .letter:
            let name = unit?.name ?? "（单位）"
            let work = try await unit.asyncMap { try await ServiceDirectory.unitWork(organizationID: $0.id, on: db) }
            let agreements = try await unit.asyncMap { u in try await Agreement.query(on: db).filter(\.$organizationID == u.id).filter(\.$endedOn == nil).all().map(\.title) } ?? []
            let idle = work?.idleResources ?? []
            return ("关于共建事宜致\(name)的函",
                    "\(name)：\n" + (agreements.isEmpty ? "" : "贵单位与我们签订的\(agreements.map { "《\($0)》" }.joined(separator: "、"))正在履行。")
                    + (idle.isEmpty ? "" : "贵单位提供的\(idle.map { "“\($0)”" }.joined(separator: "、"))尚待对接。")
                    + "辖区居民目前有\(needs.count)件需求等待认领\(wanted)，恳请贵单位结合自身资源予以支持，并组织在职党员到居住地社区报到服务。特此函达。")
        case .thanks:
            let name = unit?.name ?? "（单位）"
            let work = try await unit.asyncMap { try await ServiceDirectory.unitWork(organizationID: $0.id, on: db) }
            let done = (work?.projects ?? []).filter { $0.completedOn != nil }
            let cited = done.map { "“\($0.title)”（\($0.completedOn!)完成：\($0.result)）" }.joined(separator: "；")
            return ("致\(name)的感谢信",
                    "\(name)：\n" + (done.isEmpty ? "贵单位积极参与区域共建，" : "贵单位积极参与区域共建，与我们共同完成了\(cited)。")
                    + "居民群众看在眼里、记在心上。谨代表\(committee.name)和辖区居民表示衷心感谢，期待继续携手共建美好家园！")
        }
    }
}
