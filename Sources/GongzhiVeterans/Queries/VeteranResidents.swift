import Fluent
import GongzhiKit
import GongzhiRegistry

/// The veterans' side of the registry's residents: a veteran who moves house takes the record and its medal receipts
/// along (so the new community sees them and the old one no longer does); a resident with a veteran's record is not
/// removed from the registry behind this module's back.
enum VeteranResidents {
    static let dependent = ResidentDependent(
        name: "退役军人登记",
        holding: { db, ids in Set(try await Veteran.query(on: db).filter(\.$residentID ~~ ids).all().map(\.residentID)) },
        moved: { db, paths in
            for veteran in try await Veteran.query(on: db).filter(\.$residentID ~~ Array(paths.keys)).all() {
                guard let path = paths[veteran.residentID], path != veteran.path else { continue }
                veteran.path = path
                try await veteran.update(on: db)
                try await MedalIssue.query(on: db).filter(\.$veteranID == (try veteran.requireID())).set(\.$path, to: path).update()
            }
        })
}
