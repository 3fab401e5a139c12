import Foundation
import GongzhiApp

@main
enum Entrypoint {
    static func main() async {
        exit(await GongzhiMain.run())
    }
}
