import ArgumentParser
import Server

/// The `descent` command: `serve` (the default) runs the service; `healthcheck` probes a running one; `keys new` makes
/// an API key.
@main
struct Descent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "descent",
        abstract: "Train and serve logistic-regression models by gradient descent; answer NumPy broadcasting questions.",
        version: DescentVersion.string,
        subcommands: [Serve.self, Healthcheck.self, Keys.self],
        defaultSubcommand: Serve.self
    )
}
