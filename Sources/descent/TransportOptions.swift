import ArgumentParser
import Server

/// How the service is reached securely: API keys, TLS and gzip; part of `serve`.
struct TransportOptions: ParsableArguments {
    // Declared for `--help` and validation; read through `SettingsReader` (flag, then `DESCENT_*`, then the default).
    @Option(help: Setting.apiKeysFile.help) var apiKeysFile: String?
    @Option(help: Setting.metricsAuth.help) var metricsAuth: Bool?
    @Option(help: Setting.tlsCert.help) var tlsCert: String?
    @Option(help: Setting.tlsKey.help) var tlsKey: String?
    @Option(help: Setting.gzipMinBytes.help) var gzipMinBytes: Int?

    /// The API key records; an unreadable or malformed file, or one without keys, is an error.
    static func keys(from settings: SettingsReader) throws -> [APIKeyRecord] {
        let path = try settings.value(.apiKeysFile, default: "")
        guard !path.isEmpty else { return [] }
        let records = try APIKeysFile.load(path: path)
        guard !records.isEmpty else {
            throw APIKeysFile.Invalid(description: "the API keys file \(path) holds no keys (add one with `descent keys new NAME SCOPE`)")
        }
        return records
    }

    /// The TLS files, both or neither.
    static func tls(from settings: SettingsReader) throws -> TLSFiles? {
        let cert = try settings.value(.tlsCert, default: "")
        let key = try settings.value(.tlsKey, default: "")
        switch (cert.isEmpty, key.isEmpty) {
        case (true, true): return nil
        case (false, false): return TLSFiles(certificatePath: cert, privateKeyPath: key)
        default: throw ValidationError("--tls-cert and --tls-key go together; give both or neither")
        }
    }
}
