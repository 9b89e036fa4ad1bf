import Engine
import Hummingbird
import NIOCore
import Wire

/// `POST /broadcast`: NumPy broadcasting — the result shape of shapes, or an operation over two arrays.
///
/// Operations run (and their results are encoded) on ``BlockingWork``'s queue, so a large `matmul` never holds one of
/// the cooperative threads every request shares.
struct BroadcastRoutes {
    let limits: Limits

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/broadcast") { request, context in
            let request = try BroadcastRequest(json: try await JSONRequestBody.json(request, context: context), limits: limits)
            return try await answer(request)
        }
    }

    func answer(_ request: BroadcastRequest) async throws -> Response {
        switch request.kind {
        case .shapes(let shapes):
            let shape = try Self.numpy { () throws(NumPyError) in try Broadcasting.broadcastShapes(shapes) }
            return try JSONBody.response(["shape": shape])
        case .operation(let operation, let a, let b):
            // The result's size is checked against the limit before anything is computed or allocated.
            let shape = try Self.numpy { () throws(NumPyError) in try operation.resultShape(a.shape, b.shape) }
            try BroadcastRequest.checkResultSize(shape, limits: limits)
            let bytes = try await BlockingWork.run { try Self.apply(operation, a, b) }
            return JSONBody.response(bytes: bytes)
        }
    }

    /// `{"op": name, "shape": [...], "result": nested}` for `a <op> b`.
    static func apply(_ operation: ArrayOperation, _ a: NDArray, _ b: NDArray) throws -> ByteBuffer {
        let result = try numpy { () throws(NumPyError) in try operation.apply(a, b) }
        var buffer = ByteBuffer()
        buffer.reserveCapacity(64 + result.count * 8)
        buffer.writeStaticString("{\"op\":\"")
        buffer.writeString(operation.name)
        buffer.writeStaticString("\",\"shape\":[")
        buffer.writeString(result.shape.map(String.init).joined(separator: ","))
        buffer.writeStaticString("],\"result\":")
        NestedArrayWriter.write(result, into: &buffer)
        buffer.writeStaticString("}")
        return buffer
    }

    /// Runs engine code, turning NumPy's error into a 422 whose detail is NumPy's message byte for byte.
    static func numpy<T>(_ body: () throws(NumPyError) -> T) throws(Problem) -> T {
        do {
            return try body()
        } catch {
            throw Problem.numpy(error.message)
        }
    }
}
