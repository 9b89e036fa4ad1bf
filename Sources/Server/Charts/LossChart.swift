import Foundation

/// A job's loss curve as a self-contained SVG 1.1 document (`GET /jobs/{id}/loss.svg`): axes with ticks and numbers,
/// the curve, and a marker at the epoch of each snapshot. No script, no external reference.
///
/// **Decimation (for drawing only; the job's data is never thinned).** The plot is ``plotWidth`` one-pixel columns
/// wide. Points, in epoch order, are grouped by the column their epoch falls in; a column keeps its first, lowest,
/// highest and last point (a point that is several of these is kept once), in epoch order. So the curve has at most
/// 4 × ``plotWidth`` points whatever the number of epochs, every rise and fall visible at pixel resolution is kept,
/// and a series with at most one point per column is drawn exactly. Snapshot markers keep one per column.
struct LossChart {
    /// One point of the curve.
    struct Point: Sendable, Equatable {
        let epoch: Int
        let loss: Double
    }

    static let width = 720
    static let height = 360
    static let left = 64
    static let right = 16
    static let top = 32
    static let bottom = 48
    /// The plot's width in pixels, which is also its number of decimation columns.
    static let plotWidth = width - left - right
    static let plotHeight = height - top - bottom

    /// The curve, in epoch order (non-finite losses are left out).
    let points: [Point]
    /// Epochs at which snapshots were taken.
    let snapshotEpochs: [Int]
    /// The epoch the x axis ends at (the job's total), at least the last point's.
    let epochs: Int
    let title: String

    init(points: [Point], snapshotEpochs: [Int], epochs: Int, title: String) {
        self.points = points.filter { $0.loss.isFinite }.sorted { $0.epoch < $1.epoch }
        self.snapshotEpochs = snapshotEpochs
        self.epochs = max(1, epochs, self.points.last?.epoch ?? 0)
        self.title = title
    }

    // MARK: Scales

    var yMax: Double {
        let highest = points.map(\.loss).max() ?? 0
        guard highest > 0 else { return 1 }
        let step = Self.niceStep(highest / 5)
        return (highest / step).rounded(.up) * step
    }

    /// The column (0 ..< plotWidth) of an epoch.
    func column(_ epoch: Int) -> Int {
        min(Self.plotWidth - 1, max(0, Int(Double(epoch) / Double(epochs) * Double(Self.plotWidth))))
    }

    func x(_ epoch: Int) -> Double { Double(Self.left) + Double(epoch) / Double(epochs) * Double(Self.plotWidth) }
    func y(_ loss: Double) -> Double { Double(Self.top) + (1 - min(max(loss / yMax, 0), 1)) * Double(Self.plotHeight) }

    /// 1, 2 or 5 times a power of ten, at least `rough`.
    static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let power = pow(10, (log10(rough)).rounded(.down))
        let fraction = rough / power
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * power
    }

    // MARK: Decimation

    /// The points drawn: see the type's documentation.
    var decimated: [Point] {
        var kept: [Point] = []
        kept.reserveCapacity(min(points.count, 4 * Self.plotWidth))
        var start = 0
        while start < points.count {
            let column = self.column(points[start].epoch)
            var end = start + 1
            while end < points.count && self.column(points[end].epoch) == column { end += 1 }
            var lowest = start
            var highest = start
            for index in start..<end {
                if points[index].loss < points[lowest].loss { lowest = index }
                if points[index].loss > points[highest].loss { highest = index }
            }
            for index in Set([start, lowest, highest, end - 1]).sorted() { kept.append(points[index]) }
            start = end
        }
        return kept
    }

    /// Snapshot epochs drawn: one per column.
    var decimatedMarkers: [Int] {
        var seen = Set<Int>()
        return snapshotEpochs.sorted().filter { seen.insert(column($0)).inserted }
    }

    // MARK: Rendering

    /// The SVG document.
    func render() -> String {
        let plotLeft = Double(Self.left)
        let plotRight = Double(Self.left + Self.plotWidth)
        let plotTop = Double(Self.top)
        let plotBottom = Double(Self.top + Self.plotHeight)
        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(Self.width)" height="\(Self.height)" \
            viewBox="0 0 \(Self.width) \(Self.height)" role="img" aria-labelledby="title">
            <title id="title">\(Self.escape(title))</title>
            <rect width="\(Self.width)" height="\(Self.height)" fill="#ffffff"/>

            """
        // Y ticks and grid.
        let yStep = Self.niceStep(yMax / 5)
        let yDecimals = max(0, Int(-log10(yStep).rounded(.down)))
        svg += ##"<g id="y-ticks" font-family="sans-serif" font-size="12" fill="#1f2937" text-anchor="end">"## + "\n"
        var tick = 0.0
        while tick <= yMax + yStep / 2 {
            let ty = Self.format(y(tick))
            svg += ##"<line x1="\##(Self.format(plotLeft))" y1="\##(ty)" x2="\##(Self.format(plotRight))" y2="\##(ty)" stroke="#e5e7eb"/>"##
            svg += ##"<line x1="\##(Self.format(plotLeft - 5))" y1="\##(ty)" x2="\##(Self.format(plotLeft))" y2="\##(ty)" stroke="#1f2937"/>"##
            svg += ##"<text x="\##(Self.format(plotLeft - 8))" y="\##(Self.format(y(tick) + 4))">\##(String(format: "%.\(yDecimals)f", tick))</text>"## + "\n"
            tick += yStep
        }
        svg += "</g>\n"
        // X ticks.
        let xStep = max(1, Int(Self.niceStep(Double(epochs) / 6)))
        svg += ##"<g id="x-ticks" font-family="sans-serif" font-size="12" fill="#1f2937" text-anchor="middle">"## + "\n"
        var epoch = 0
        while epoch <= epochs {
            let tx = Self.format(x(epoch))
            svg += ##"<line x1="\##(tx)" y1="\##(Self.format(plotBottom))" x2="\##(tx)" y2="\##(Self.format(plotBottom + 5))" stroke="#1f2937"/>"##
            svg += ##"<text x="\##(tx)" y="\##(Self.format(plotBottom + 19))">\##(epoch)</text>"## + "\n"
            epoch += xStep
        }
        svg += "</g>\n"
        // Axes and their labels.
        svg += ##"<g id="axes" stroke="#1f2937" stroke-width="1">"##
        svg += ##"<line x1="\##(Self.format(plotLeft))" y1="\##(Self.format(plotBottom))" x2="\##(Self.format(plotRight))" y2="\##(Self.format(plotBottom))"/>"##
        svg += ##"<line x1="\##(Self.format(plotLeft))" y1="\##(Self.format(plotTop))" x2="\##(Self.format(plotLeft))" y2="\##(Self.format(plotBottom))"/>"##
        svg += "</g>\n"
        svg += ##"<g font-family="sans-serif" font-size="13" fill="#1f2937">"##
        svg += ##"<text x="\##(Self.format((plotLeft + plotRight) / 2))" y="\##(Self.height - 8)" text-anchor="middle">epoch</text>"##
        svg += ##"<text x="16" y="\##(Self.format((plotTop + plotBottom) / 2))" text-anchor="middle" transform="rotate(-90 16 \##(Self.format((plotTop + plotBottom) / 2)))">loss</text>"##
        svg += ##"<text x="\##(Self.format(plotLeft))" y="20" font-size="14">\##(Self.escape(title))</text>"##
        svg += "</g>\n"
        // Snapshot markers: short ticks above the x axis.
        let markers = decimatedMarkers.map { "M\(Self.format(x($0))) \(Self.format(plotBottom))v-8" }.joined()
        svg += ##"<path id="snapshots" d="\##(markers)" stroke="#d97706" stroke-width="1" fill="none"/>"## + "\n"
        // The curve.
        let drawn = decimated.enumerated().map { index, point in
            (index == 0 ? "M" : index == 1 ? "L" : "") + "\(Self.format(x(point.epoch))),\(Self.format(y(point.loss)))"
        }.joined(separator: " ")
        svg += ##"<path id="loss" d="\##(drawn)" stroke="#1d4ed8" stroke-width="1.5" fill="none" stroke-linejoin="round"/>"## + "\n"
        svg += "</svg>\n"
        return svg
    }

    /// A coordinate with one decimal, locale-free (`123.4`).
    static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    /// Text safe inside an XML element.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
