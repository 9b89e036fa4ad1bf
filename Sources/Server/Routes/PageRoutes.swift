import HTTPTypes
import Hummingbird

/// `GET /`: the page for people, with its Content-Security-Policy.
struct PageRoutes {
    let page: PageDocument

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/") { _, _ in
            Response(
                status: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8", .contentSecurityPolicy: page.contentSecurityPolicy,
                    Self.contentTypeOptions: "nosniff", .cacheControl: "no-cache", Self.referrerPolicy: "no-referrer",
                ],
                body: ResponseBody(byteBuffer: page.html)
            )
        }
    }

    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
