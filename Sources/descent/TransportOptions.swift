import ArgumentParser
import Server

/// How the service is reached securely: API keys, TLS and gzip; part of `serve`.
struct TransportOptions: ParsableArguments {
    @Option(help: "A file of API keys, one `name scope sha256-hex` a line (make one with `descent keys new`); without it no key is asked for (env DESCENT_API_KEYS_FILE; default none).")
    var apiKeysFile: String?

    @Option(help: "Whether GET /metrics needs a read key when API keys are on: true or false (env DESCENT_METRICS_AUTH; default false).")
    var metricsAuth: Bool?

    @Option(help: "PEM certificate chain to serve HTTPS (TLS 1.2+, HTTP/2 by ALPN) with; needs --tls-key (env DESCENT_TLS_CERT; default none: plain HTTP).")
    var tlsCert: String?

    @Option(help: "PEM private key of --tls-cert (env DESCENT_TLS_KEY; default none).")
    var tlsKey: String?

    @Option(help: "Responses of at least this many bytes are gzipped when Accept-Encoding allows (env DESCENT_GZIP_MIN_BYTES; default 1024).")
    var gzipMinBytes: Int?

    /// The API key records; an unreadable or malformed file, or one without keys, is an error.
    func resolvedKeys() throws(APIKeysFile.Invalid) -> [APIKeyRecord] {
        let path = (try? EnvironmentSetting.resolve(apiKeysFile, name: "api-keys-file", default: "")) ?? ""
        guard !path.isEmpty else { return [] }
        let records = try APIKeysFile.load(path: path)
        guard !records.isEmpty else {
            throw APIKeysFile.Invalid(description: "the API keys file \(path) holds no keys (add one with `descent keys new NAME SCOPE`)")
        }
        return records
    }

    /// The TLS files, both or neither.
    func resolvedTLS() throws -> TLSFiles? {
        let cert = try EnvironmentSetting.resolve(tlsCert, name: "tls-cert", default: "")
        let key = try EnvironmentSetting.resolve(tlsKey, name: "tls-key", default: "")
        switch (cert.isEmpty, key.isEmpty) {
        case (true, true): return nil
        case (false, false): return TLSFiles(certificatePath: cert, privateKeyPath: key)
        default: throw ValidationError("--tls-cert and --tls-key go together; give both or neither")
        }
    }

    func resolvedGzipMinimumBytes() throws -> Int {
        let value = try EnvironmentSetting.resolve(gzipMinBytes, name: "gzip-min-bytes", default: ServerConfiguration.defaultGzipMinimumBytes)
        guard value >= 0 else { throw ValidationError("--gzip-min-bytes must be at least 0, got \(value)") }
        return value
    }
}
