import HTTPTypes
import Storage
import Wire

/// The one place where the wire format's, the job layer's, the registry's and the store's errors become HTTP problems.
extension Problem {
    /// Seconds a client is told to wait before retrying a 429 or 503.
    static let retryAfterSeconds = 5

    /// Malformed 400, unusable 422, too many containers 413; the pointer becomes the field error.
    init(_ error: WireError) {
        let status: HTTPResponse.Status =
            switch error.fault {
            case .malformed: .badRequest
            case .unusable: .unprocessableContent
            case .tooLarge: .contentTooLarge
            }
        self.init(
            status, kind: error.kind, detail: error.detail,
            errors: error.pointer.map { [FieldError(pointer: $0, detail: error.detail)] } ?? [])
    }

    init(_ error: JobError) {
        switch error {
        case .notFound(let id):
            self = .notFound("no job with id \(id)")
        case .alreadyFinished(let id, let status):
            self = .conflict("job \(id) has already finished (\(status.rawValue))")
        case .queueFull(let limit):
            self = .queueFull(limit: limit)
        case .shuttingDown:
            self = .shuttingDown
        case .store(let error):
            self.init(error)
        }
    }

    init(_ error: RegistryError) {
        switch error {
        case .notFound(let reference):
            self = .notFound(reference.notFoundDescription)
        case .invalidAlias(.malformed(let alias)):
            self = .unprocessable(
                "alias '\(alias)' must be 1 to \(AliasName.maxLength) characters from a-z 0-9 _ - starting with a letter",
                kind: "invalid-alias")
        case .invalidAlias(.reserved):
            self = .unprocessable("'\(AliasName.latest)' is reserved: it always means the newest version", kind: "invalid-alias")
        case .store(let error):
            self.init(error)
        }
    }

    init(_ error: ModelReference.Invalid) {
        switch error {
        case .versionWithoutName(let ref):
            self = .badRequest("a version goes with a model name only, not with an id or an alias ('\(ref)')")
        }
    }

    init(_ error: StoreError) {
        switch error {
        case .full:
            self.init(
                HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage"), kind: "insufficient-storage",
                detail: "the data directory's disk is full; nothing was changed")
        case .unavailable:
            self.init(
                .serviceUnavailable, kind: "storage-unavailable", detail: "storage cannot be written right now; nothing was changed",
                headers: [.retryAfter: String(Self.retryAfterSeconds)])
        case .modelNotFound, .versionNotFound, .aliasNotFound:
            self = .notFound(error.description)
        case .aliased, .runTakenOver, .cancelRequested:
            self = .conflict(error.description)
        }
    }
}

extension Problem {
    /// A live stream not opened: an unknown job is 404, too many streams 503 with `Retry-After`.
    init(_ error: JobEventHub.SubscribeError) {
        switch error {
        case .unknownJob(let id):
            self = .notFound("no job with id \(id)")
        case .tooManySubscribers(let limit, let perJob):
            let which = perJob ? "of this job (max-event-streams-per-job)" : "(max-event-streams)"
            self = Problem(
                .serviceUnavailable, kind: "too-many-streams", detail: "\(limit) event streams \(which) are open; retry later",
                headers: [.retryAfter: String(Self.retryAfterSeconds)])
        }
    }
}
