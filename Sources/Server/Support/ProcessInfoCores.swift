import Foundation

/// The machine's active processor cores, read once.
enum ProcessInfoCores {
    static let count = max(1, ProcessInfo.processInfo.activeProcessorCount)
}
