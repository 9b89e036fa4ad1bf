/// Why a JSON body cannot be read as the request it should be: what is wrong, where, and what class of fault it is.
///
/// The wire format knows nothing of HTTP; the server maps ``Fault`` to a status (400, 422, 413) in one place.
public struct WireError: Error, Sendable, Equatable {
    /// The class of a fault.
    public enum Fault: Sendable, Equatable {
        /// Not JSON, a member of the wrong type, an unknown or a missing member.
        case malformed
        /// Well-formed but unusable: a value out of range, a ragged or non-finite array, past a size limit.
        case unusable
        /// More JSON containers than a document may hold.
        case tooLarge
    }

    public let fault: Fault
    /// A short name of the rule that was broken (`bad-request`, `ragged-array`, `limit-exceeded`, …).
    public let kind: String
    /// What is wrong, for a person.
    public let detail: String
    /// A JSON pointer (RFC 6901) to the faulty member or element (`/x/3`), when there is one.
    public let pointer: String?

    public init(_ fault: Fault, kind: String, detail: String, pointer: String? = nil) {
        self.fault = fault
        self.kind = kind
        self.detail = detail
        self.pointer = pointer
    }

    /// A malformed body or member.
    public static func badRequest(_ detail: String, pointer: String? = nil) -> WireError {
        WireError(.malformed, kind: "bad-request", detail: detail, pointer: pointer)
    }

    /// A well-formed but unusable value; `kind` names the rule.
    public static func unprocessable(_ detail: String, kind: String = "invalid-value", pointer: String? = nil) -> WireError {
        WireError(.unusable, kind: kind, detail: detail, pointer: pointer)
    }
}
