import Foundation

/// Small training sets for the model tests, as JSON text.
enum ModelFixtures {
    /// Three well-separated clusters of 10 rows each around (0, 0), (4, 0) and (0, 4): class ids 0, 1, 2.
    static let threeClusters: (x: [[Double]], y: [Int]) = {
        let centers: [(Double, Double)] = [(0, 0), (4, 0), (0, 4)]
        var x: [[Double]] = []
        var y: [Int] = []
        for (label, center) in centers.enumerated() {
            for i in 0..<10 {
                x.append([center.0 + 0.1 * Double(i % 3), center.1 + 0.1 * Double(i / 3)])
                y.append(label)
            }
        }
        return (x, y)
    }()

    /// Two overlapping clusters of 40 rows (labels 0 and 1), separable only roughly.
    static let twoClusters: (x: [[Double]], y: [Int]) = {
        var x: [[Double]] = []
        var y: [Int] = []
        for i in 0..<80 {
            let label = i % 2
            let jitter = Double((i * 37) % 17) / 17 - 0.5
            x.append([Double(label) * 1.5 + jitter, Double((i * 13) % 11) / 11 + Double(label) * 0.5])
            y.append(label)
        }
        return (x, y)
    }()

    static func json(_ rows: [[Double]]) -> String {
        "[" + rows.map { "[" + $0.map { "\($0)" }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
    }

    static func json(_ labels: [Int]) -> String {
        "[" + labels.map(String.init).joined(separator: ", ") + "]"
    }

    /// `"x": …, "y": …` for the three clusters.
    static var threeClustersMembers: String {
        #""x": \#(json(threeClusters.x)), "y": \#(json(threeClusters.y))"#
    }

    /// `"x": …, "y": …` for the two clusters.
    static var twoClustersMembers: String {
        #""x": \#(json(twoClusters.x)), "y": \#(json(twoClusters.y))"#
    }
}
