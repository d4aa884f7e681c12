import SurvQLRuntime

/// A Kaplan–Meier (or cumulative incidence) figure, after survminer's `ggsurvplot(...,
/// risk.table = TRUE, pval = TRUE, conf.int = TRUE)`: a step curve per group with censor marks,
/// confidence bands (default for up to 3 groups), dashed median lines, the test and hazard ratio
/// in a free corner, a legend, and the numbers at risk (and optionally the cumulative events)
/// under the time axis, aligned with its ticks.
///
/// Every size is measured from the text it holds: the left margin from the y tick labels and the
/// longest table label, the right margin from the legend and the numbers under the last tick, the
/// panel from the widest table column, so nothing is clipped or overlaps whatever the labels.
struct KaplanMeierFigure {
    let s: SurvivalResult
    let comparison: ComparisonResult?
    let spec: FigureSpec

    // Type sizes and spacing, in pixels.
    static let pad = 14.0, titleSize = 16.0, textSize = 12.0, tickSize = 11.0, tableSize = 11.0
    static let rowHeight = 17.0, legendRow = 18.0, swatch = 22.0, defaultWidth = 860.0, defaultPanelHeight = 360.0
    /// Censor marks drawn per curve at most; more are thinned evenly.
    static let maxMarks = 400

    var labels: [String] { spec.labels ?? s.groups.map(\.label) }
    func color(_ k: Int) -> String { Palette.color(k, spec.colors) }
    /// The plotted value of a survival probability.
    func value(_ survival: Double) -> Double { spec.incidence ? 1 - survival : survival }

    /// The legend entry of group `k`, with its median rounded as the table output rounds it.
    func legendText(_ k: Int) -> String {
        "\(labels[k]) (\(legendDetail(k)))"
    }

    /// The numbers of a legend entry: `n = 28, median 6.6`.
    func legendDetail(_ k: Int) -> String {
        let g = s.groups[k]
        let median = g.median.map { ResultText.t1($0) } ?? "not reached"
        return "n = \(g.n), median \(median)"
    }

    /// The annotation: the test of the curves' difference and, for two groups, the hazard ratio.
    func annotationLines() -> [String] {
        guard spec.pValue, let c = comparison, s.groups.count >= 2 else { return [] }
        var lines: [String] = []
        if let lr = c.logrank {
            lines.append("Log-rank " + ResultText.pText(lr.p))
        } else if let score = c.cox?.score {
            lines.append("Score test (delayed entry) " + ResultText.pText(score.p))
        }
        if s.groups.count == 2, let term = c.cox?.terms.first, let hr = term.hr {
            let pct = ResultText.pct(c.confidence)
            lines.append("HR \(NumberFormat.fixed(hr, 2)) (\(pct)% CI \(NumberFormat.fixed(term.hrLower, 2))–\(NumberFormat.fixed(term.hrUpper, 2)))")
            let name: (String) -> String = { label in s.groups.firstIndex { $0.label == label }.map { labels[$0] } ?? label }
            let other = c.groups.first { $0.label != c.reference }?.label ?? term.term
            // Which way the ratio goes, unless the labels are too long for a corner.
            let direction = "\(name(other)) vs \(name(c.reference))"
            lines.append(direction.count <= 48 ? direction : "2nd vs 1st group of the legend")
        }
        return lines
    }

    var title: String {
        if let t = spec.title { return t }
        let what: String
        switch s.endpoint.name?.lowercased() {
        case "os"?: what = "Overall survival"
        case "pfs"?: what = "Progression-free survival"
        case "dfs"?: what = "Disease-free survival"
        case "dss"?: what = "Disease-specific survival"
        default: what = "Survival"
        }
        let head = spec.incidence ? "Cumulative incidence (1 − \(what.lowercased()))" : what
        return head + (s.grouping.map { " by \($0)" } ?? "")
    }

    var subtitle: String {
        if let t = spec.subtitle { return t }
        let n = s.groups.reduce(0) { $0 + $1.n }
        var parts = ["cohort \(s.cohort)", "endpoint " + (s.endpoint.name.map { "\($0) (\(s.endpoint.time))" } ?? s.endpoint.time)]
        if let e = s.endpoint.entry { parts.append("delayed entry at \(e)") }
        parts.append("n = \(n)" + (s.dropped > 0 ? " (\(s.dropped) left out)" : ""))
        return parts.joined(separator: " · ")
    }

    /// The risk table's header: with delayed entry it says whom it counts, as `survive` does.
    var riskHeader: String {
        s.endpoint.entry.map { "Number at risk (entered by \($0), still followed)" } ?? "Number at risk"
    }

    /// Cumulative events of group `k` by each table time.
    func cumulativeEvents(_ k: Int) -> [Double] {
        let curve = s.groups[k].curve
        return s.riskTimes.map { t in curve.reduce(0) { $1.time <= t + 1e-9 ? $0 + $1.nEvent : $0 } }
    }
}
