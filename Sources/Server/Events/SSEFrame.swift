import Engine
import Storage
import Wire

/// Server-Sent Events text for job events: `id:`, `event:` and one `data:` line of JSON, then a blank line.
enum SSEFrame {
    /// The comment a quiet stream sends so that proxies and clients see it alive.
    static let keepAlive = ": keep-alive\n\n"

    /// One event as an SSE frame.
    static func frame(id: Int, name: String, data: String) -> String {
        "id: \(id)\nevent: \(name)\ndata: \(data)\n\n"
    }

    /// The JSON of an event's `data:` line (one line: no raw newlines, strings escaped).
    static func data(_ kind: JobEvent.Kind) -> String {
        switch kind {
        case .progress(let epoch, let epochs, let loss):
            let progress = epochs > 0 ? Double(epoch) / Double(epochs) : 0
            return #"{"epoch": \#(epoch), "epochs": \#(epochs), "loss": \#(number(loss)), "progress": \#(number(progress))}"#
        case .snapshot(let snapshot):
            // A notebook snapshot's line is what it has always been; a softmax one has `b` as an array, and a run
            // with validation adds `val_loss`.
            let weights = snapshot.weights.map(number).joined(separator: ", ")
            let bias = snapshot.bias.count == 1 ? number(snapshot.bias[0]) : "[" + snapshot.bias.map(number).joined(separator: ", ") + "]"
            let valLoss = snapshot.valLoss.map { #", "val_loss": \#(number($0))"# } ?? ""
            return #"{"epoch": \#(snapshot.epoch), "loss": \#(number(snapshot.loss))\#(valLoss), "w": [\#(weights)], "b": \#(bias)}"#
        case .status(let status, let modelID, let error):
            return #"{"status": "\#(status.rawValue)", "model_id": \#(string(modelID)), "error": \#(string(error))}"#
        }
    }

    /// A JSON number: Swift's shortest round-trip form; a non-finite value (a diverged loss) is `null`.
    static func number(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "null"
    }

    /// A JSON string (``JSONTextWriter``'s escaping), or `null`.
    static func string(_ value: String?) -> String {
        guard let value else { return "null" }
        var bytes: [UInt8] = []
        JSONTextWriter.writeString(value, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
