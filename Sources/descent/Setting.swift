import ArgumentParser

/// One setting of the command line: its flag, its `DESCENT_*` variable, what it means and its default, stated once.
///
/// The key is swift-configuration's: `maxQueuedJobs` is the flag `--max-queued-jobs` and the variable
/// `DESCENT_MAX_QUEUED_JOBS`. `--help` shows ``help``, built from these, so the text and the default cannot drift apart.
/// The default shown is the one the server applies: each is taken from the configuration type that owns it.
struct Setting: Sendable {
    /// The configuration key, in lower camel case.
    let key: String
    /// What the setting does, as a sentence fragment without the final period.
    let meaning: String
    /// The default as `--help` shows it.
    let defaultText: String

    init(_ key: String, _ meaning: String, default defaultText: String) {
        self.key = key
        self.meaning = meaning
        self.defaultText = defaultText
    }

    /// The words of the key: `maxQueuedJobs` → `max`, `queued`, `jobs`.
    private var words: [String] {
        var words: [String] = []
        var current = ""
        for character in key {
            if character.isUppercase, !current.isEmpty {
                words.append(current)
                current = ""
            }
            current.append(character.lowercased())
        }
        words.append(current)
        return words
    }

    /// The command-line flag, e.g. `--max-queued-jobs`.
    var flag: String { "--" + words.joined(separator: "-") }

    /// The environment variable, e.g. `DESCENT_MAX_QUEUED_JOBS`.
    var variable: String { "DESCENT_" + words.joined(separator: "_").uppercased() }

    /// The `--help` line: the meaning, the variable and the default.
    var help: ArgumentHelp { ArgumentHelp("\(meaning) (env \(variable); default \(defaultText)).") }
}
