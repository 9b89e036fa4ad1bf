import Foundation
import NIOSSL

/// `--tls-cert` and `--tls-key`: the PEM certificate chain and private key descent serves HTTPS with.
public struct TLSFiles: Sendable, Equatable {
    public var certificatePath: String
    public var privateKeyPath: String

    public init(certificatePath: String, privateKeyPath: String) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
    }

    /// Why the files cannot be served with; `description` is the line `descent` prints before exiting.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// The server's TLS configuration (TLS 1.2 or newer) after checking that the files can be read, the certificate
    /// is valid now, and the key belongs to it.
    public func configuration(now: Date = Date()) throws(Invalid) -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        } catch {
            throw Invalid(description: "cannot use --tls-cert \(certificatePath): \(Self.reason(error, path: certificatePath))")
        }
        guard let leaf = chain.first else {
            throw Invalid(description: "cannot use --tls-cert \(certificatePath): no PEM certificate in it")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: privateKeyPath, format: .pem)
        } catch {
            throw Invalid(description: "cannot use --tls-key \(privateKeyPath): \(Self.reason(error, path: privateKeyPath))")
        }
        let seconds = time_t(now.timeIntervalSince1970)
        if leaf.notValidAfter < seconds {
            let expiry = Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter))
            throw Invalid(description: "cannot use --tls-cert \(certificatePath): the certificate expired on \(expiry.ISO8601Format())")
        }
        if leaf.notValidBefore > seconds {
            let start = Date(timeIntervalSince1970: TimeInterval(leaf.notValidBefore))
            throw Invalid(description: "cannot use --tls-cert \(certificatePath): the certificate is not valid before \(start.ISO8601Format())")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        do {
            // BoringSSL checks here that the key belongs to the certificate.
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw Invalid(
                description: "cannot use --tls-key \(privateKeyPath): it does not belong to the certificate in \(certificatePath) (\(error))")
        }
        return configuration
    }

    private static func reason(_ error: any Error, path: String) -> String {
        if !FileManager.default.isReadableFile(atPath: path) { return "the file cannot be read" }
        return "not a PEM file of the right kind (\(error))"
    }
}
