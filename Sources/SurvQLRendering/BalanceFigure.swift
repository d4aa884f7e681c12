import Foundation
import SurvQLRuntime

/// A love plot of a match: per covariate, the absolute standardized mean difference before
/// matching (open circle) and after (filled), joined by a line, with the 0.1 threshold dashed,
/// as `plot(summary(m))` in MatchIt and `love.plot` in cobalt draw it.
struct BalanceFigure {
    let m: MatchResult
    let spec: FigureSpec
    typealias F = NumberFormat

    static let pad = 14.0, titleSize = 16.0, textSize = 12.0, rowHeight = 22.0, graphWidth = 380.0
    /// The conventional bound of good balance (Austin 2009).
    static let threshold = 0.1

    func render() -> String {
        var svg = SVGCanvas(family: FontFamily.named(spec.font))
        let pad = Self.pad, ts = Self.textSize
        let names = spec.labels ?? m.balance.map(\.covariate)
        let before = spec.colors?.first ?? Palette.okabeIto[1], after = spec.colors.flatMap { $0.count > 1 ? $0[1] : nil } ?? Palette.okabeIto[0]
        func w(_ s: String, _ bold: Bool = false) -> Double { svg.width(s, size: ts, bold: bold) }
        let title = spec.title ?? "Covariate balance of \(m.name)"
        let subtitle = spec.subtitle ?? "\(m.treatment) in \(m.cohort): \(m.matchedTreated) treated matched 1:\(m.ratio) to \(m.matchedControls) controls"
        let labelW = names.map { w($0) }.max() ?? 0
        let gLeft = pad + labelW + 18
        var graphW = Self.graphWidth
        if let want = spec.width { graphW = max(200, want - gLeft - pad - 10) }
        let gRight = gLeft + graphW
        let values = m.balance.flatMap { [$0.smdBefore, $0.smdAfter] }.compactMap { $0 }.filter(\.isFinite).map(abs)
        let hi = spec.xTo ?? max(Self.threshold * 1.5, (values.max() ?? 0) * 1.08)
        let lo = spec.xFrom ?? 0
        func x(_ v: Double) -> Double { gLeft + graphW * (min(max(v, lo), hi) - lo) / (hi - lo) }
        let legend = [("Before matching", before, false), ("After matching", after, true)]
        let legendW = legend.map { 16 + w($0.0) + 18 }.reduce(0, +) + w("|SMD| = 0.1") + 30
        var width = max(gRight + 10 + pad, w(title, true) * Self.titleSize / ts + 2 * pad, w(subtitle) + 2 * pad, legendW + 2 * pad)
        width = max(width, spec.width ?? 0)

        var y = pad + Self.titleSize * 0.93
        svg.text(title, x: pad, y: y, size: Self.titleSize, bold: true, attributes: "class=\"title\"")
        y += Self.titleSize * 0.5 + ts * 1.2
        svg.text(subtitle, x: pad, y: y, size: ts, fill: "#444444", attributes: "class=\"subtitle\"")
        y += 20
        let top = y
        for (i, row) in m.balance.enumerated() {
            let mid = y + Self.rowHeight / 2
            if i % 2 == 0 { svg.rect(gLeft, y, graphW, Self.rowHeight, fill: "#f4f4f4") }
            svg.text(names[i], x: gLeft - 10, y: mid + ts * 0.35, size: ts, anchor: .end, attributes: "class=\"covariate\"")
            let b = row.smdBefore.map(abs), a = row.smdAfter.map(abs)
            if let b, let a, b.isFinite, a.isFinite { svg.line(x(b), mid, x(a), mid, stroke: "#aaaaaa") }
            if let b, b.isFinite {
                svg.raw("<circle class=\"before\" cx=\"\(SVGCanvas.n(x(b)))\" cy=\"\(SVGCanvas.n(mid))\" r=\"4.5\" fill=\"white\" stroke=\"\(before)\" stroke-width=\"1.8\"/>")
            }
            if let a, a.isFinite {
                svg.raw("<circle class=\"after\" cx=\"\(SVGCanvas.n(x(a)))\" cy=\"\(SVGCanvas.n(mid))\" r=\"4.5\" fill=\"\(after)\"/>")
            }
            y += Self.rowHeight
        }
        let bottom = y
        svg.line(x(0), top, x(0), bottom, stroke: "#333333")
        svg.raw("<line class=\"threshold\" x1=\"\(SVGCanvas.n(x(Self.threshold)))\" y1=\"\(SVGCanvas.n(top))\" x2=\"\(SVGCanvas.n(x(Self.threshold)))\" y2=\"\(SVGCanvas.n(bottom))\" stroke=\"#555555\" stroke-dasharray=\"5 4\"/>")
        svg.line(gLeft, bottom, gRight, bottom, stroke: "#333333")
        for t in LogAxis.linearTicks(from: lo, to: hi) {
            svg.line(x(t), bottom, x(t), bottom + 5, stroke: "#333333")
            svg.text(LogAxis.label(t), x: x(t), y: bottom + 5 + ts * 1.05, size: 11, anchor: .middle, attributes: "class=\"xtick\"")
        }
        let axisTitle = spec.xLabel ?? "Absolute standardized mean difference"
        svg.text(axisTitle, x: (gLeft + gRight) / 2, y: bottom + 24 + ts * 0.93, size: ts, anchor: .middle)
        y = bottom + 24 + ts * 1.3 + 12
        var lx = pad
        let ly = y + ts * 0.93
        for (text, colour, filled) in legend {
            svg.raw("<circle cx=\"\(SVGCanvas.n(lx + 5))\" cy=\"\(SVGCanvas.n(ly - ts * 0.35))\" r=\"4.5\" fill=\"\(filled ? colour : "white")\" stroke=\"\(colour)\" stroke-width=\"1.8\"/>")
            svg.text(text, x: lx + 16, y: ly, size: ts, attributes: "class=\"legend\"")
            lx += 16 + w(text) + 18
        }
        svg.line(lx, ly - ts * 0.35, lx + 22, ly - ts * 0.35, stroke: "#555555", dash: "5 4")
        svg.text("|SMD| = 0.1", x: lx + 28, y: ly, size: ts, attributes: "class=\"legend\"")
        let height = max(y + ts * 1.5 + pad, spec.height ?? 0)
        return svg.document(width: width, height: height, title: title)
    }
}
