import HTTPTypes
import Hummingbird
import Logging

/// The outermost middleware: gives every request its id (the client's `X-Request-ID` when ``RequestID`` accepts
/// it, else Hummingbird's generated one), puts it in the logger metadata as `request_id` (so every line logged
/// about the request carries it), in the context (for problem+json bodies) and on the response.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let given = request.headers[.requestID].flatMap { RequestID.isAcceptable($0) ? $0 : nil }
        let id = given ?? (context.requestID.isEmpty ? RequestID.generate() : context.requestID)
        context.requestID = id
        // One key for the id in every line; Hummingbird's `context.id` reads this key, so code after this point uses
        // `context.requestID` instead.
        context.logger[metadataKey: "hb.request.id"] = nil
        context.logger[metadataKey: "request_id"] = .string(id)
        do {
            var response = try await next(request, context)
            response.headers[.requestID] = id
            return response
        } catch let error as any HTTPResponseError {
            // ProblemMiddleware renders every error first; this keeps the header on anything that still escapes.
            var response = try error.response(from: request, context: context)
            response.headers[.requestID] = id
            return response
        }
    }
}
