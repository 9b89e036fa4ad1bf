import Engine
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import Storage
import Wire

/// Turns every error into an `application/problem+json` response, including Hummingbird's own:
/// unmatched routes (404), bodies over the limit (`NIOTooManyBytesError`, 413) and anything unexpected (500, logged).
///
/// It returns the rendered response instead of rethrowing, so the request log outside it sees the final status.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Self.problem(for: error, request: request, context: context)
            if (400..<500).contains(problem.status.code) {
                // What the client got wrong, beside the access-log line (5xx causes are logged where they happen).
                context.logger.info("client fault", metadata: ["problem": "\(problem.kind)", "detail": "\(problem.detail)"])
            }
            // The Open Inference Protocol's clients read `{"error": …}`, never problem+json.
            return request.uri.path.hasPrefix("/v2") ? problem.renderV2() : problem.render(requestID: context.requestID)
        }
    }

    /// The problem an error stands for.
    static func problem(for error: any Error, request: Request, context: Context) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as JobError:
            logStoreFault(error, context: context)
            return Problem(error)
        case let error as RegistryError:
            logStoreFault(error, context: context)
            return Problem(error)
        case let error as StoreError:
            logStoreFault(error, context: context)
            return Problem(error)
        case let error as ModelReference.Invalid:
            return Problem(error)
        case let error as WireError:
            return Problem(error)
        case let error as NumPyError:
            return .numpy(error.message)
        case is NIOTooManyBytesError:
            return .payloadTooLarge(limit: context.maxUploadSize)
        case let error as HTTPParserError:
            // The client broke the body's framing or left mid-upload: its fault, logged as such, never a 500.
            context.logger.info("request body aborted or malformed", metadata: ["error": "\(error)"])
            return .bodyAborted
        case let error as HTTPError:
            return problem(for: error.status, request: request, context: context)
        case let error as any HTTPResponseError:
            return problem(for: error.status, request: request, context: context)
        default:
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return .internalError
        }
    }

    /// Storage faults are the server's: their cause goes to the log (never to the client).
    private static func logStoreFault(_ error: any Error, context: Context) {
        let store: StoreError? =
            switch error {
            case JobError.store(let error), RegistryError.store(let error): error
            case let error as StoreError: error
            default: nil
            }
        guard let store else { return }
        switch store {
        case .full, .unavailable: context.logger.error("storage fault", metadata: ["error": "\(store)"])
        default: break
        }
    }

    /// A problem for a bare status Hummingbird raised, with wording of our own (never Hummingbird's or Swift's).
    private static func problem(for status: HTTPResponse.Status, request: Request, context: Context) -> Problem {
        switch status {
        case .notFound:
            // Hummingbird's router says 404 for a known path with a method it does not serve.
            let path = request.uri.path
            if let entry = RouteTable.entry(for: path), !entry.allowed.contains(request.method) {
                return .methodNotAllowed(request.method, path: path, allowed: entry.allowed)
            }
            return .noRoute(method: request.method, path: path)
        case .contentTooLarge:
            return .payloadTooLarge(limit: context.maxUploadSize)
        case .badRequest:
            return .badRequest("the request is malformed")
        case .internalServerError:
            return .internalError
        default:
            return Problem(status, kind: status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "-"), detail: status.reasonPhrase)
        }
    }
}
