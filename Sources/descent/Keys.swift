import ArgumentParser
import Server

/// `descent keys`: managing API keys.
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make API keys for --api-keys-file.",
        subcommands: [New.self]
    )

    /// `descent keys new NAME SCOPE`: prints a fresh random key once, and the line (with its hash) to add to the keys file.
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a fresh random key once, and the line to add to the API keys file (it holds the key's SHA-256, never the key)."
        )

        @Argument(help: "The key's name, logged with each request it makes (letters, digits, '.', '_', '-').")
        var name: String

        @Argument(help: "read (every GET, /predict, /broadcast, V2 metadata and infer) or write (also /train, DELETE, aliases).")
        var scope: String

        func validate() throws {
            let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
            guard !name.isEmpty, name.count <= 64, name.allSatisfy(allowed.contains) else {
                throw ValidationError("NAME must be 1 to 64 letters, digits, '.', '_' or '-', got \(name)")
            }
            guard APIKeyScope(rawValue: scope) != nil else { throw ValidationError("SCOPE must be read or write, got \(scope)") }
        }

        func run() throws {
            guard let scope = APIKeyScope(rawValue: scope) else { throw ExitCode.validationFailure }
            let key = APIKeyGenerator.newKey()
            let record = APIKeyRecord(name: name, scope: scope, key: key)
            print("key: \(key)")
            print("Keep the key: it is shown only this once. Add this line to the API keys file:")
            print(record.line)
        }
    }
}
