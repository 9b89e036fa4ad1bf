import Foundation
import Hummingbird

extension AppRequestContext {
    /// A path parameter with its percent-encoding undone (clients send `churn%40prod` for `churn@prod`).
    func pathParameter(_ name: String) throws -> String {
        let raw = try parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }
}
