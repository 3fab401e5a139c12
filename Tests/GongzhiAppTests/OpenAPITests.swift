import Foundation
import GongzhiCore
import GongzhiKit
import Testing
import Vapor
import VaporTesting
@testable import GongzhiService

/// The OpenAPI document served at /api/v1/openapi.json lists exactly the API's routes, and its enumerations are the
/// vocabulary's: a route added, removed or renamed without the document fails here.
struct OpenAPITests {
    @Test func documentMatchesTheRoutes() async throws {
        try await TestApp.with(.sqlite, demo: nil) { t in
            var document: [String: Any] = [:]
            try await t.app.testing().test(.GET, "/api/v1/openapi.json") { res in
                #expect(res.status == .ok)
                document = (try? JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any]) ?? [:]
            }
            let paths = document["paths"] as? [String: [String: Any]] ?? [:]
            let documented = Set(paths.flatMap { path, operations in
                operations.keys.map { "\($0.uppercased()) /api/v1" + path.replacingOccurrences(of: "{id}", with: ":id") }
            })
            let routes = Set(t.app.routes.all.filter { $0.path.first?.description == "api" }.map {
                "\($0.method.rawValue) /" + $0.path.map(\.description).joined(separator: "/")
            })
            #expect(!routes.isEmpty)
            #expect(documented == routes, "documented but absent: \(documented.subtracting(routes)); routes not documented: \(routes.subtracting(documented))")

            let schemas = ((document["components"] as? [String: Any])?["schemas"] as? [String: Any]) ?? [:]
            func enumeration(_ schema: String, _ property: String) -> [String] {
                (((schemas[schema] as? [String: Any])?["properties"] as? [String: Any])?[property] as? [String: Any])?["enum"] as? [String] ?? []
            }
            #expect(enumeration("Resident", "residency") == Residency.allCases.map(\.rawValue))
            #expect(enumeration("CensusVisit", "status") == VisitStatus.allCases.map(\.rawValue))
            #expect(enumeration("CensusCampaign", "kind") == CensusKind.allCases.map(\.rawValue))
            #expect(enumeration("CensusCampaign", "role") == CensusRoleKind.allCases.map(\.rawValue))
            #expect(enumeration("Resident", "gender") == Gender.allCases.map(\.rawValue))
            #expect(enumeration("Place", "kind") == PlaceKind.allCases.map(\.rawValue))
            #expect(enumeration("PartyMember", "category") == PartyMemberCategory.allCases.map(\.rawValue))
            #expect(enumeration("PartyMemberPatch", "category") == PartyMemberCategory.allCases.map(\.rawValue))
            #expect(enumeration("PartyOrganization", "kind") == PartyOrganizationKind.allCases.map(\.rawValue))
            #expect(enumeration("Organization", "kind") == OrganizationKind.allCases.map(\.rawValue))
            #expect(enumeration("Facility", "kind") == FacilityKind.allCases.map(\.rawValue))
            #expect(enumeration("CampaignTask", "status") == TaskStatus.allCases.map(\.rawValue))
            #expect(enumeration("GroupRole", "kind") == GroupRoleKind.allCases.map(\.rawValue))
            #expect(enumeration("ServiceNeed", "status") == NeedStatus.allCases.map(\.rawValue))
            #expect(enumeration("ServiceNeed", "kind") == NeedKind.allCases.map(\.rawValue))
            #expect(enumeration("ServiceClaim", "status") == ClaimStatus.allCases.map(\.rawValue))
            #expect(enumeration("ServiceReport", "status") == ReportStatus.allCases.map(\.rawValue))

            // The bounds the code enforces are the document's: a page number, a page size, an id.
            let operations = paths.values.flatMap { $0.values.compactMap { $0 as? [String: Any] } }
            let parameters = operations.flatMap { ($0["parameters"] as? [[String: Any]]) ?? [] }
            for parameter in parameters where parameter["name"] as? String == "page" {
                #expect((parameter["schema"] as? [String: Any])?["maximum"] as? Int == ListQuery.maxPage)
            }
            let id = (((document["components"] as? [String: Any])?["parameters"] as? [String: Any])?["id"] as? [String: Any])?["schema"] as? [String: Any]
            #expect(id?["minimum"] as? Int == 1 && id?["maximum"] as? Int == Bounded.maxID)
            #expect(!parameters.contains { $0["name"] as? String == "idNumber" }, "full ID numbers go in a POST body, never a query string")
            for operation in operations where operation["responses"].map({ ($0 as? [String: Any])?["401"] != nil }) == true {
                #expect((operation["responses"] as? [String: Any])?["400"] != nil, "every operation documents its 400")
            }
        }
    }
}
