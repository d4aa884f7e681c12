import Foundation
import SurvQLRuntime

/// A Kaplan–Meier plot as a standalone SVG, in the style of survminer's `ggsurvplot`: one step
/// curve per group with its confidence band, censoring ticks, the median per group in the
/// legend, and a numbers-at-risk table under the axis.
enum SurvivalPlotSVG {
    static let palette = ["#E7B800", "#2E9FDF", "#FC4E07", "#00AF50", "#7F3C8D", "#595959", "#A6761D", "#E7298A"]

    static func render(_ s: SurvivalResult) -> String {
        let width = 760.0, plotLeft = 120.0, plotRight = 730.0, plotTop = 40.0, plotBottom = 380.0
        let riskRowHeight = 18.0
        let height = plotBottom + 70 + riskRowHeight * Double(s.groups.count)
        let maxTime = max(s.groups.flatMap { $0.curve.map(\.time) }.max() ?? 1, s.riskTimes.last ?? 0, 1e-9)
        func x(_ t: Double) -> Double { plotLeft + (plotRight - plotLeft) * t / maxTime }
        func y(_ p: Double) -> Double { plotBottom - (plotBottom - plotTop) * p }
        func f(_ v: Double) -> String { String(format: "%.2f", v) }
        func esc(_ t: String) -> String {
            t.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
        <title>\(esc("Kaplan–Meier: \(s.cohort)" + (s.grouping.map { " by \($0)" } ?? "")))</title>
        <rect width="100%" height="100%" fill="white"/>

        """
        // Axes and grid.
        for k in 0...4 {
            let p = Double(k) / 4
            out += "<line x1=\"\(f(plotLeft))\" y1=\"\(f(y(p)))\" x2=\"\(f(plotRight))\" y2=\"\(f(y(p)))\" stroke=\"#e5e5e5\"/>\n"
            out += "<text x=\"\(f(plotLeft - 8))\" y=\"\(f(y(p) + 4))\" text-anchor=\"end\">\(String(format: "%.2f", p))</text>\n"
        }
        for t in s.riskTimes {
            out += "<line x1=\"\(f(x(t)))\" y1=\"\(f(plotBottom))\" x2=\"\(f(x(t)))\" y2=\"\(f(plotBottom + 5))\" stroke=\"black\"/>\n"
            out += "<text x=\"\(f(x(t)))\" y=\"\(f(plotBottom + 18))\" text-anchor=\"middle\">\(NumberFormat.significant(t, 4))</text>\n"
        }
        out += "<polyline points=\"\(f(plotLeft)),\(f(plotTop)) \(f(plotLeft)),\(f(plotBottom)) \(f(plotRight)),\(f(plotBottom))\" fill=\"none\" stroke=\"black\"/>\n"
        let unit = s.endpoint.unit.map { " (\($0))" } ?? ""
        out += "<text x=\"\(f((plotLeft + plotRight) / 2))\" y=\"\(f(plotBottom + 36))\" text-anchor=\"middle\">\(esc("Time" + unit))</text>\n"
        out += "<text transform=\"translate(\(f(plotLeft - 52)) \(f((plotTop + plotBottom) / 2))) rotate(-90)\" text-anchor=\"middle\">\(esc("Survival probability (\(s.endpoint.name ?? s.endpoint.time))"))</text>\n"

        for (k, g) in s.groups.enumerated() {
            let colour = palette[k % palette.count]
            // The step curve from (0, 1), and the confidence band as a closed step polygon.
            var points = ["\(f(x(0))),\(f(y(1)))"]
            var upper: [String] = ["\(f(x(0))),\(f(y(1)))"], lower: [String] = ["\(f(x(0))),\(f(y(1)))"]
            var last = 1.0, lastUpper = 1.0, lastLower = 1.0
            for p in g.curve {
                points.append("\(f(x(p.time))),\(f(y(last)))")
                points.append("\(f(x(p.time))),\(f(y(p.survival)))")
                let u = p.upper ?? lastUpper, l = p.lower ?? lastLower
                upper.append("\(f(x(p.time))),\(f(y(lastUpper)))"); upper.append("\(f(x(p.time))),\(f(y(u)))")
                lower.append("\(f(x(p.time))),\(f(y(lastLower)))"); lower.append("\(f(x(p.time))),\(f(y(l)))")
                last = p.survival; lastUpper = u; lastLower = l
            }
            let end = g.curve.last?.time ?? 0
            points.append("\(f(x(end))),\(f(y(last)))")
            out += "<polygon points=\"\((upper + lower.reversed()).joined(separator: " "))\" fill=\"\(colour)\" fill-opacity=\"0.15\" stroke=\"none\"/>\n"
            out += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"/>\n"
            // Censoring ticks, unless there are too many to see.
            let censored = g.curve.filter { $0.nCensor > 0 }
            for p in censored where censored.count <= 300 {
                out += "<line x1=\"\(f(x(p.time)))\" y1=\"\(f(y(p.survival) - 4))\" x2=\"\(f(x(p.time)))\" y2=\"\(f(y(p.survival) + 4))\" stroke=\"\(colour)\" stroke-width=\"1.5\"/>\n"
            }
            // Legend: label, n, median.
            let median = g.median.map { NumberFormat.significant($0, 3) } ?? "not reached"
            let ly = plotTop + 4 + 16 * Double(k)
            out += "<line x1=\"\(f(plotRight - 230))\" y1=\"\(f(ly))\" x2=\"\(f(plotRight - 212))\" y2=\"\(f(ly))\" stroke=\"\(colour)\" stroke-width=\"3\"/>\n"
            out += "<text x=\"\(f(plotRight - 206))\" y=\"\(f(ly + 4))\">\(esc("\(g.label) (n = \(g.n), median \(median))"))</text>\n"
            // Numbers at risk.
            let ry = plotBottom + 62 + riskRowHeight * Double(k)
            out += "<text x=\"\(f(plotLeft - 34))\" y=\"\(f(ry))\" text-anchor=\"end\" fill=\"\(colour)\">\(esc(g.label))</text>\n"
            for (t, n) in zip(s.riskTimes, g.atRisk) {
                out += "<text x=\"\(f(x(t)))\" y=\"\(f(ry))\" text-anchor=\"middle\">\(Int(n))</text>\n"
            }
        }
        out += "<text x=\"8\" y=\"\(f(plotBottom + 48))\" font-weight=\"bold\">Number at risk</text>\n"
        out += "</svg>\n"
        return out
    }
}
