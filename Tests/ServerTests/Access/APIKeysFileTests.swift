import Testing

@testable import Server

/// The keys file format and the key records: hashes, never keys.
@Suite struct APIKeysFileTests {
    /// SHA-256("abc"), the FIPS 180-2 test vector.
    static let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

    @Test func parsesNamesScopesAndHashesSkippingCommentsAndBlanks() throws {
        let text = "# keys\n\nci write \(Self.abc)\n  dash\tread   \(Self.abc.uppercased())  \n"
        let records = try APIKeysFile.parse(text)
        #expect(records.map(\.name) == ["ci", "dash"])
        #expect(records.map(\.scope) == [.write, .read])
        #expect(records[0].digest == APIKeyRecord(name: "x", scope: .read, key: "abc").digest)
        #expect(records[1].line == "dash read \(Self.abc)")
    }

    @Test(arguments: [
        ("ci write", "API keys file line 1: expected `name scope sha256-hex`, got 2 fields"),
        ("ci admin \(abc)", "API keys file line 1: scope must be read or write, got admin"),
        ("ci read abc", "API keys file line 1: the hash must be 64 hex digits (sha256 of the key)"),
        ("ci read \(String(abc.dropLast(2)) + "zz")", "API keys file line 1: the hash must be 64 hex digits (sha256 of the key)"),
        ("ci read \(abc)\n\nci write \(abc)", "API keys file line 3: the name ci is used twice"),
    ])
    func refusesMalformedLines(text: String, message: String) {
        #expect(throws: APIKeysFile.Invalid(description: message)) { try APIKeysFile.parse(text) }
    }

    @Test func anUnreadableFileIsNamed() {
        #expect(throws: APIKeysFile.Invalid.self) { try APIKeysFile.load(path: "/nonexistent/keys") }
    }

    @Test func newKeysAreRandomAndLong() {
        let keys = (0..<50).map { _ in APIKeyGenerator.newKey() }
        #expect(Set(keys).count == 50)
        #expect(keys.allSatisfy { $0.hasPrefix("dsk_") && $0.count == 68 })
    }

    @Test func writeIncludesRead() {
        #expect(APIKeyScope.write.allows(.read))
        #expect(APIKeyScope.write.allows(.write))
        #expect(APIKeyScope.read.allows(.read))
        #expect(!APIKeyScope.read.allows(.write))
    }

    @Test func onlyAnExactKeyIdentifies() {
        let records = [APIKeyRecord(name: "a", scope: .read, key: "k1"), APIKeyRecord(name: "b", scope: .write, key: "k2")]
        #expect(APIKeyAuthenticator.identity(for: "k1", in: records) == APIKeyIdentity(name: "a", scope: .read))
        #expect(APIKeyAuthenticator.identity(for: "k2", in: records) == APIKeyIdentity(name: "b", scope: .write))
        #expect(APIKeyAuthenticator.identity(for: "k3", in: records) == nil)
        #expect(APIKeyAuthenticator.identity(for: "k1 ", in: records) == nil)
        #expect(APIKeyAuthenticator.identity(for: "", in: records) == nil)
    }
}
