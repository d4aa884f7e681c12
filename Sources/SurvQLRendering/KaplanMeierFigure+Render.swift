import SurvQLRuntime

extension KaplanMeierFigure {
    typealias F = NumberFormat

    /// Lays the figure out from its text and draws it.
    func render() -> String {
        let family = FontFamily.named(spec.font)
        var svg = SVGCanvas(family: family)
        let pad = Self.pad, k = s.groups.count
        let ticks = s.riskTimes
        let tickLabels = ticks.map { F.significant($0, 4) }
        let events = (0..<k).map { cumulativeEvents($0) }
        let riskText = s.groups.map { $0.atRisk.map { F.count($0) } }
        let eventText = events.map { $0.map { F.count($0) } }
        let tables: [(header: String, rows: [[String]])] =
            (spec.riskTable ? [(riskHeader, riskText)] : []) + (spec.eventsTable ? [("Cumulative number of events", eventText)] : [])

        // Text widths.
        let yTicks = [0.0, 0.25, 0.5, 0.75, 1.0]
        let yTickWidth = yTicks.map { svg.width(F.fixed($0, 2), size: Self.tickSize) }.max()!
        let tableLabelWidth = tables.isEmpty ? 0 : labels.map { svg.width($0, size: Self.tableSize) }.max() ?? 0
        func columnHalf(_ i: Int) -> Double {
            var w = i < tickLabels.count ? svg.width(tickLabels[i], size: Self.tickSize) : 0
            for t in tables { for row in t.rows where i < row.count { w = max(w, svg.width(row[i], size: Self.tableSize)) } }
            return w / 2
        }
        let widestColumn = ticks.indices.map { columnHalf($0) * 2 }.max() ?? 0
        let legendTitle = s.grouping
        let entries = (0..<k).map { legendText($0) }
        let entryWidths = entries.map { Self.swatch + 6 + svg.width($0, size: Self.textSize) }
        let titleWidth = legendTitle.map { svg.width($0, size: Self.textSize, bold: true) } ?? 0
        let annotation = annotationLines()
        let annotationWidth = (annotation.map { svg.width($0, size: Self.textSize) }.max() ?? 0) + 12
        let placement: FigureSpec.LegendPlacement = k <= 1 && spec.legend == nil ? .none
            : spec.legend ?? ((entryWidths.max() ?? 0) > 0.34 * (spec.width ?? Self.defaultWidth) ? .bottom : .right)
        // A legend beside or inside the panel puts long entries' numbers on a second line.
        let stacked = placement != .bottom && (entryWidths.max() ?? 0) > 300
        let legendWidth = max(titleWidth, stacked
            ? (0..<k).map { Self.swatch + 6 + max(svg.width(labels[$0], size: Self.textSize), svg.width(legendDetail($0), size: Self.textSize)) }.max() ?? 0
            : entryWidths.max() ?? 0)
        let entryHeight = stacked ? 2 * Self.legendRow - 2 : Self.legendRow

        // Horizontal layout.
        let axisLeft = pad + Self.textSize * 1.2 + 8 + yTickWidth + 8
        let tableLeft = tables.isEmpty ? 0 : pad + tableLabelWidth + 28 + columnHalf(0)
        let left = max(axisLeft, tableLeft)
        let overhang = ticks.isEmpty ? 0 : columnHalf(ticks.count - 1)
        var right = pad + overhang
        if placement == .right { right = max(right, overhang + 14 + legendWidth + pad) }
        var minPanel = max(300, Double(max(ticks.count - 1, 1)) * (widestColumn + 10), annotationWidth + 24)
        if placement == .inside { minPanel = max(minPanel, legendWidth + annotationWidth + 48) }
        var width = max(spec.width ?? Self.defaultWidth, left + minPanel + right)
        width = max(width, svg.width(title, size: Self.titleSize, bold: true) + 2 * pad, svg.width(subtitle, size: Self.textSize) + 2 * pad)
        if placement == .bottom { width = max(width, (entryWidths.max() ?? 0) + 2 * pad, titleWidth + 2 * pad) }
        for t in tables { width = max(width, svg.width(t.header, size: Self.textSize, bold: true) + 2 * pad) }
        let plotLeft = left, plotRight = width - right

        // Vertical layout above and below the panel; the panel takes what is left.
        var top = pad
        let titleY = top + Self.titleSize * 0.93; top += Self.titleSize * 1.4
        let subtitleY = top + Self.textSize * 0.93; top += Self.textSize * 1.5 + 10
        let plotTop = top
        var below = 5 + Self.tickSize * 1.3 + 6 + Self.textSize * 1.3 + 8  // ticks, their labels, the axis title
        var legendRows: [[Int]] = []
        if placement == .bottom {
            var row: [Int] = [], used = 0.0
            for i in 0..<k {
                let w = entryWidths[i] + 18
                if !row.isEmpty && used + w > width - 2 * pad { legendRows.append(row); row = []; used = 0 }
                row.append(i); used += w
            }
            if !row.isEmpty { legendRows.append(row) }
            below += (legendTitle == nil ? 0 : Self.legendRow) + Double(legendRows.count) * Self.legendRow + 8
        }
        for _ in tables { below += 24 + Double(k) * Self.rowHeight + 6 }
        var panelHeight = Self.defaultPanelHeight
        if let h = spec.height { panelHeight = max(160, h - plotTop - below - pad) }
        let legendHeight = (legendTitle == nil ? 0 : Self.legendRow) + Double(k) * entryHeight + 8
        if placement == .right { panelHeight = max(panelHeight, legendHeight) }
        // Inside, the legend and the annotation share the panel's height at worst.
        if placement == .inside { panelHeight = max(panelHeight, legendHeight + Double(annotation.count) * 16 + 40) }
        let plotBottom = plotTop + panelHeight
        let height = max(spec.height ?? 0, plotBottom + below + pad)
        let panel = Box(x: plotLeft, y: plotTop, w: plotRight - plotLeft, h: panelHeight)

        // Scales.
        let xmin = spec.xFrom ?? 0
        let lastTime = s.groups.compactMap { $0.curve.last?.time }.max() ?? 0
        let xmax = spec.xTo ?? max(lastTime, ticks.last ?? 0, xmin + 1e-9)
        func x(_ t: Double) -> Double { plotLeft + (plotRight - plotLeft) * (t - xmin) / (xmax - xmin) }
        func y(_ p: Double) -> Double { plotBottom - (plotBottom - plotTop) * p }
        let n = SVGCanvas.n

        // Title, grid, axes.
        svg.text(title, x: pad, y: titleY, size: Self.titleSize, bold: true, attributes: "class=\"title\"")
        svg.text(subtitle, x: pad, y: subtitleY, size: Self.textSize, fill: "#444444", attributes: "class=\"subtitle\"")
        for p in yTicks {
            if p > 0 { svg.line(plotLeft, y(p), plotRight, y(p), stroke: "#ebebeb") }
            svg.line(plotLeft - 5, y(p), plotLeft, y(p), stroke: "#333333")
            svg.text(F.fixed(p, 2), x: plotLeft - 8, y: y(p) + Self.tickSize * 0.35, size: Self.tickSize, anchor: .end)
        }
        for (i, t) in ticks.enumerated() {
            svg.line(x(t), plotBottom, x(t), plotBottom + 5, stroke: "#333333")
            svg.text(tickLabels[i], x: x(t), y: plotBottom + 5 + Self.tickSize * 1.05, size: Self.tickSize, anchor: .middle, attributes: "class=\"xtick\"")
        }
        svg.raw("<path d=\"M\(n(plotLeft)) \(n(plotTop)) V\(n(plotBottom)) H\(n(plotRight))\" fill=\"none\" stroke=\"#333333\"/>")
        let xTitle = spec.xLabel ?? ("Time" + (s.endpoint.unit.map { " (\($0))" } ?? ""))
        var cursor = plotBottom + 5 + Self.tickSize * 1.3 + 6
        svg.text(xTitle, x: (plotLeft + plotRight) / 2, y: cursor + Self.textSize * 0.93, size: Self.textSize, anchor: .middle)
        cursor += Self.textSize * 1.3 + 8
        let yTitle = spec.yLabel ?? (spec.incidence ? "Cumulative incidence (1 − S)" : "Survival probability")
        // Beside the tick labels, however wide the margin is for the tables.
        svg.text(yTitle, x: plotLeft - 16 - yTickWidth - Self.textSize * 0.24, y: (plotTop + plotBottom) / 2, size: Self.textSize, anchor: .middle, rotated: true)

        // Curves, bands, censor marks, median lines; the panel's lines are kept to place boxes.
        var obstacles = FreeCorner()
        svg.raw("<clipPath id=\"panel\"><rect x=\"\(n(plotLeft))\" y=\"\(n(plotTop - 3))\" width=\"\(n(plotRight - plotLeft + 3))\" height=\"\(n(panelHeight + 6))\"/></clipPath>")
        let showBands = spec.bands ?? (k <= 3)
        for g in 0..<k {
            drawGroup(g, svg: &svg, obstacles: &obstacles, bands: showBands, x: x, y: y, xmin: xmin, xmax: xmax)
        }
        if spec.medianLines {
            var d = ""
            for g in s.groups {
                guard let m = g.median, m >= xmin, m <= xmax else { continue }
                d += "M\(n(plotLeft)) \(n(y(0.5))) H\(n(x(m))) V\(n(plotBottom)) "
                obstacles.segments.append((plotLeft, y(0.5), x(m), y(0.5)))
                obstacles.segments.append((x(m), y(0.5), x(m), plotBottom))
            }
            if !d.isEmpty {
                svg.raw("<path class=\"median\" d=\"\(d.trimmingCharacters(in: .whitespaces))\" fill=\"none\" stroke=\"#555555\" stroke-width=\"1\" stroke-dasharray=\"5 4\"/>")
            }
        }

        // Boxes in free corners: an inside legend first, then the annotation.
        let preference: [FreeCorner.Corner] = spec.incidence ? [.topLeft, .bottomRight, .topRight, .bottomLeft]
                                                              : [.bottomLeft, .topRight, .bottomRight, .topLeft]
        var legendBox: Box? = nil
        if placement == .inside {
            let h = (legendTitle == nil ? 0 : Self.legendRow) + Double(k) * entryHeight + 8
            let c = obstacles.choose(w: legendWidth + 12, h: h, in: panel, preference: preference.reversed())
            legendBox = FreeCorner.box(c, w: legendWidth + 12, h: h, in: panel)
        }
        if !annotation.isEmpty {
            let h = Double(annotation.count) * 16 + 8
            let c = obstacles.choose(w: annotationWidth, h: h, in: panel, preference: preference, taken: legendBox)
            let b = FreeCorner.box(c, w: annotationWidth, h: h, in: panel)
            svg.rect(b.x, b.y, b.w, b.h, fill: "white", opacity: 0.85)
            for (i, line) in annotation.enumerated() {
                svg.text(line, x: b.x + 6, y: b.y + 4 + Self.textSize * 0.93 + 16 * Double(i), size: Self.textSize,
                         attributes: "class=\"annotation\"")
            }
        }

        // The legend.
        func entry(_ i: Int, _ ex: Double, _ ey: Double) {
            svg.line(ex, ey - Self.textSize * 0.35, ex + Self.swatch, ey - Self.textSize * 0.35, stroke: color(i), width: 3)
            if stacked && placement != .bottom {
                svg.text(labels[i], x: ex + Self.swatch + 6, y: ey, size: Self.textSize, attributes: "class=\"legend\"")
                svg.text(legendDetail(i), x: ex + Self.swatch + 6, y: ey + Self.legendRow - 2, size: Self.textSize, fill: "#444444",
                         attributes: "class=\"legend-detail\"")
            } else {
                svg.text(entries[i], x: ex + Self.swatch + 6, y: ey, size: Self.textSize, attributes: "class=\"legend\"")
            }
        }
        switch placement {
        case .right, .inside:
            let lx = placement == .right ? plotRight + overhang + 14 : legendBox!.x + 6
            var ly = (placement == .right ? plotTop : legendBox!.y + 4) + Self.textSize * 0.93
            if placement == .inside, let b = legendBox { svg.rect(b.x, b.y, b.w, b.h, fill: "white", opacity: 0.85) }
            if let t = legendTitle {
                svg.text(t, x: lx, y: ly, size: Self.textSize, bold: true, attributes: "class=\"legend-title\"")
                ly += Self.legendRow
            }
            for i in 0..<k { entry(i, lx, ly); ly += entryHeight }
        case .bottom:
            if let t = legendTitle {
                svg.text(t, x: pad, y: cursor + Self.textSize * 0.93, size: Self.textSize, bold: true, attributes: "class=\"legend-title\"")
                cursor += Self.legendRow
            }
            for row in legendRows {
                var ex = pad
                for i in row { entry(i, ex, cursor + Self.textSize * 0.93); ex += entryWidths[i] + 18 }
                cursor += Self.legendRow
            }
            cursor += 8
        case .none:
            break
        }

        // Tables under the axis, one column per tick.
        for (ti, table) in tables.enumerated() {
            svg.text(table.header, x: pad, y: cursor + 16, size: Self.textSize, bold: true)
            cursor += 24
            for g in 0..<k {
                let by = cursor + Self.tableSize * 0.93
                // A swatch of the group's colour keeps light colours (yellow) readable.
                let labelRight = plotLeft - columnHalf(0) - 10
                svg.line(labelRight - 14, by - Self.tableSize * 0.35, labelRight - 2, by - Self.tableSize * 0.35, stroke: color(g), width: 3)
                svg.text(labels[g], x: labelRight - 18, y: by, size: Self.tableSize, anchor: .end, attributes: "class=\"table-label\"")
                let kind = ti == 0 && spec.riskTable ? "risk" : "events"
                for (i, t) in ticks.enumerated() where i < table.rows[g].count {
                    svg.text(table.rows[g][i], x: x(t), y: by, size: Self.tableSize, anchor: .middle,
                             attributes: "class=\"\(kind)\" data-group=\"\(g)\"")
                }
                cursor += Self.rowHeight
            }
            cursor += 6
        }
        return svg.document(width: width, height: height, title: title)
    }
}
