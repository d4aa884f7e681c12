import Foundation
import SurvQLRuntime

/// A forest plot of a Cox model: one row per term (the grouping's reference and levels first,
/// then the adjustment covariates) with n, events, the hazard ratio and its interval on a log
/// axis, the numbers as text, and p. Column widths are measured from the text they hold.
struct ForestFigure {
    let c: SurvQLRuntime.ComparisonResult
    let spec: FigureSpec
    typealias F = NumberFormat

    static let pad = 14.0, titleSize = 16.0, textSize = 12.0, rowHeight = 24.0, graphWidth = 300.0

    struct Row {
        var label: String
        var indent = false
        var bold = false
        var n = "", events = "", hrText = "", p = ""
        var hr: Double?, lo: Double?, hi: Double?
    }

    func rows() -> [Row] {
        guard let cox = c.cox else { return [] }
        if let s = c.extras.subgroups { return subgroupRows(s, overall: cox) }
        // `labels` names the reference group, then each term.
        let names = Array((spec.labels ?? [c.reference] + cox.terms.map(\.term)).dropFirst())
        let levels = max(0, c.groups.count - 1)
        var out = [Row(label: c.grouping, bold: true)]
        if let ref = c.groups.first(where: { $0.label == c.reference }) {
            out.append(Row(label: spec.labels?.first ?? ref.label, indent: true, n: String(ref.n), events: F.count(ref.events), hrText: "reference"))
        }
        let pct = ResultText.pct(c.confidence)
        for (i, t) in cox.terms.enumerated() {
            let group = i < levels ? c.groups.first { $0.label == t.term } : nil
            var r = Row(label: names[i], indent: i < levels)
            r.n = group.map { String($0.n) } ?? String(cox.n)
            r.events = F.count(group?.events ?? cox.events)
            r.hr = t.hr; r.lo = t.hrLower; r.hi = t.hrUpper
            r.hrText = "\(F.fixed(t.hr, 2)) (\(F.fixed(t.hrLower, 2))–\(F.fixed(t.hrUpper, 2)))"
            r.p = F.pValue(t.p)
            if i == levels && levels < cox.terms.count { out.append(Row(label: "Adjusted for", bold: true)) }
            out.append(r)
            _ = pct
        }
        return out
    }

    /// `plot forest ... within COL`: the whole cohort's hazard ratio of the first compared group,
    /// then one row per level of COL (skipped levels say why), as `compare ... within` prints them.
    func subgroupRows(_ s: SubgroupResult, overall cox: CoxResult) -> [Row] {
        func row(_ label: String, n: Int, events: Double, _ t: CoxTerm?, indent: Bool) -> Row {
            var r = Row(label: label, indent: indent, n: String(n), events: F.count(events))
            if let t {
                r.hr = t.hr; r.lo = t.hrLower; r.hi = t.hrUpper
                r.hrText = "\(F.fixed(t.hr, 2)) (\(F.fixed(t.hrLower, 2))–\(F.fixed(t.hrUpper, 2)))"
                r.p = F.pValue(t.p)
            }
            return r
        }
        let compared = c.groups.dropFirst().first?.label ?? cox.terms.first?.term ?? ""
        var out = [Row(label: "\(compared) vs \(c.reference)", bold: true)]
        out.append(row(spec.labels?.first ?? "All patients", n: cox.n, events: cox.events, cox.terms.first, indent: false))
        out.append(Row(label: s.column, bold: true))
        for (i, level) in s.rows.enumerated() {
            var r = row(spec.labels.flatMap { i + 1 < $0.count ? $0[i + 1] : nil } ?? level.level,
                        n: level.n, events: level.events.reduce(0, +), level.terms.first, indent: true)
            if level.terms.isEmpty { r.hrText = "skipped" }
            out.append(r)
        }
        return out
    }

    func render() -> String {
        var svg = SVGCanvas(family: FontFamily.named(spec.font))
        let pad = Self.pad, ts = Self.textSize
        let rows = rows()
        let pct = ResultText.pct(c.confidence)
        let headers = ["Term", "n", "Events", "Hazard ratio (\(pct)% CI)", "", "p"]
        func w(_ s: String, _ bold: Bool = false) -> Double { svg.width(s, size: ts, bold: bold) }
        let labelW = max(w(headers[0], true), rows.map { w($0.label, $0.bold) + ($0.indent ? 12 : 0) }.max() ?? 0)
        let nW = max(w(headers[1], true), rows.map { w($0.n) }.max() ?? 0)
        let eW = max(w(headers[2], true), rows.map { w($0.events) }.max() ?? 0)
        let hrW = max(w(headers[3], true), rows.map { w($0.hrText) }.max() ?? 0)
        let pW = max(w(headers[5], true), rows.map { w($0.p) }.max() ?? 0)
        let title = spec.title ?? "Hazard ratios: \(c.cohort) by \(c.grouping)"
        var sub = ["endpoint " + (c.endpoint.name ?? c.endpoint.time)]
        if let e = c.endpoint.entry { sub.append("delayed entry at \(e)") }
        if let s = c.strata { sub.append("strata \(s)") }
        if let g = c.extras.subgroups, let t = g.interaction {
            sub.append("interaction p = \(F.pValue(t.p))")
        }
        if let cox = c.cox { sub.append("n = \(cox.n), events = \(F.count(cox.events))") }
        let subtitle = spec.subtitle ?? sub.joined(separator: " · ")

        // Columns: label | n | events | graph | HR text | p.
        let xLabel = pad, xN = xLabel + labelW + 18 + nW, xE = xN + 18 + eW, gLeft = xE + 24
        var graphW = Self.graphWidth
        let fixed = gLeft + 24 + hrW + 18 + pW + pad
        if let want = spec.width { graphW = max(200, want - fixed) }
        let gRight = gLeft + graphW, xHR = gRight + 24, xP = xHR + hrW + 18 + pW
        let axisTitle = spec.xLabel ?? "Hazard ratio (log scale)"
        var width = xP + pad
        width = max(width, w(title, true) * Self.titleSize / ts + 2 * pad, w(subtitle) + 2 * pad)

        let values = rows.flatMap { [$0.lo, $0.hi, $0.hr] }.compactMap { $0 }.filter { $0.isFinite && $0 > 0 }
        var lo = min(values.min() ?? 1, 1) / 1.15, hi = max(values.max() ?? 1, 1) * 1.15
        if let a = spec.xFrom { lo = a }
        if let b = spec.xTo { hi = b; if spec.xFrom == nil { lo = min(lo, 1 / b) } }
        func x(_ v: Double) -> Double { gLeft + graphW * (log(v) - log(lo)) / (log(hi) - log(lo)) }

        var y = pad + Self.titleSize * 0.93
        svg.text(title, x: pad, y: y, size: Self.titleSize, bold: true, attributes: "class=\"title\"")
        y += Self.titleSize * 0.5 + ts * 1.2
        svg.text(subtitle, x: pad, y: y, size: ts, fill: "#444444", attributes: "class=\"subtitle\"")
        y += 22
        let headerY = y + ts * 0.93
        svg.text(headers[0], x: xLabel, y: headerY, size: ts, bold: true)
        svg.text(headers[1], x: xN, y: headerY, size: ts, anchor: .end, bold: true)
        svg.text(headers[2], x: xE, y: headerY, size: ts, anchor: .end, bold: true)
        svg.text(headers[3], x: xHR, y: headerY, size: ts, bold: true)
        svg.text(headers[5], x: xP, y: headerY, size: ts, anchor: .end, bold: true)
        y += Self.rowHeight
        svg.line(pad, y - 6, width - pad, y - 6, stroke: "#bbbbbb")
        let top = y - 6
        let colour = Palette.color(0, spec.colors)
        for (i, r) in rows.enumerated() {
            let mid = y + Self.rowHeight / 2 - 4, base = mid + ts * 0.35
            if i % 2 == 1 { svg.rect(pad, y - 4, width - 2 * pad, Self.rowHeight, fill: "#f4f4f4") }
            svg.text(r.label, x: xLabel + (r.indent ? 12 : 0), y: base, size: ts, bold: r.bold, attributes: "class=\"term\"")
            if !r.n.isEmpty { svg.text(r.n, x: xN, y: base, size: ts, anchor: .end, attributes: "class=\"n\"") }
            if !r.events.isEmpty { svg.text(r.events, x: xE, y: base, size: ts, anchor: .end, attributes: "class=\"events\"") }
            if !r.hrText.isEmpty { svg.text(r.hrText, x: xHR, y: base, size: ts, fill: r.hr == nil ? "#666666" : nil, attributes: "class=\"hr\"") }
            if !r.p.isEmpty { svg.text(r.p, x: xP, y: base, size: ts, anchor: .end, attributes: "class=\"p\"") }
            if let hr = r.hr, hr.isFinite, hr > 0 {
                let l = max(r.lo ?? hr, lo), h = min(r.hi ?? hr, hi)
                svg.raw("<line class=\"ci\" x1=\"\(SVGCanvas.n(x(l)))\" y1=\"\(SVGCanvas.n(mid))\" x2=\"\(SVGCanvas.n(x(h)))\" y2=\"\(SVGCanvas.n(mid))\" stroke=\"\(colour)\" stroke-width=\"2\"/>")
                if hr >= lo && hr <= hi {
                    svg.raw("<rect class=\"estimate\" x=\"\(SVGCanvas.n(x(hr) - 5))\" y=\"\(SVGCanvas.n(mid - 5))\" width=\"10\" height=\"10\" fill=\"\(colour)\"/>")
                }
            }
            y += Self.rowHeight
        }
        let bottom = y
        svg.line(x(1), top, x(1), bottom, stroke: "#555555", dash: "5 4")
        svg.line(gLeft, bottom, gRight, bottom, stroke: "#333333")
        for t in LogAxis.ticks(from: lo, to: hi) {
            svg.line(x(t), bottom, x(t), bottom + 5, stroke: "#333333")
            svg.text(LogAxis.label(t), x: x(t), y: bottom + 5 + ts * 1.05, size: 11, anchor: .middle, attributes: "class=\"xtick\"")
        }
        svg.text(axisTitle, x: (gLeft + gRight) / 2, y: bottom + 24 + ts * 0.93, size: ts, anchor: .middle)
        var height = bottom + 24 + ts * 1.3 + 8
        if let cox = c.cox {
            var foot: [String] = []
            if let lr = cox.lr { foot.append("likelihood ratio test " + ResultText.pText(lr.p)) }
            if let cc = cox.concordance { foot.append("concordance \(F.fixed(cc, 3))") }
            if cox.robust { foot.append("robust variance" + (cox.cluster.map { " clustered on \($0)" } ?? "")) }
            let text = foot.joined(separator: " · ")
            if !text.isEmpty {
                width = max(width, w(text) + 2 * pad)
                svg.text(text, x: pad, y: height + ts * 0.93, size: ts, fill: "#444444", attributes: "class=\"footnote\"")
                height += ts * 1.5
            }
        }
        height = max(height + pad, spec.height ?? 0)
        return svg.document(width: width, height: height, title: title)
    }
}
