import SurvQLRuntime

extension KaplanMeierFigure {
    /// Draws group `g`: its band (when shown), its step curve (one path), and its censor marks
    /// (one path of `+` marks, thinned to one per pixel column and at most `maxMarks`), and
    /// records the lines in `obstacles`.
    func drawGroup(_ g: Int, svg: inout SVGCanvas, obstacles: inout FreeCorner, bands: Bool,
                   x: (Double) -> Double, y: (Double) -> Double, xmin: Double, xmax: Double) {
        let n = SVGCanvas.n
        let curve = s.groups[g].curve
        let colour = color(g)
        // Times beyond the shown range are clipped by the panel; their lines are not obstacles.
        func visible(_ t: Double) -> Bool { t >= xmin - 1e-9 && t <= xmax + 1e-9 }

        if bands {
            var upper: [(Double, Double)] = [(0, 1)], lower: [(Double, Double)] = [(0, 1)]
            var lastUpper = 1.0, lastLower = 1.0
            for p in curve {
                let u = p.upper ?? lastUpper, l = p.lower ?? lastLower
                upper.append((p.time, lastUpper)); upper.append((p.time, u))
                lower.append((p.time, lastLower)); lower.append((p.time, l))
                lastUpper = u; lastLower = l
            }
            let points = (upper + lower.reversed()).map { "\(n(x($0.0))),\(n(y(value($0.1))))" }
            svg.raw("<polygon class=\"band\" data-group=\"\(g)\" points=\"\(points.joined(separator: " "))\" fill=\"\(colour)\" fill-opacity=\"0.14\" stroke=\"none\" clip-path=\"url(#panel)\"/>")
            for edge in [upper, lower] {
                for (a, b) in zip(edge, edge.dropFirst()) where visible(a.0) && visible(b.0) {
                    obstacles.segments.append((x(a.0), y(value(a.1)), x(b.0), y(value(b.1))))
                }
            }
        }

        var d = "M\(n(x(0))) \(n(y(value(1))))"
        var last = 1.0, lastX = x(0)
        for p in curve {
            let px = x(p.time)
            d += " H\(n(px))"
            if visible(p.time) { obstacles.segments.append((lastX, y(value(last)), px, y(value(last)))) }
            if p.survival != last {
                d += " V\(n(y(value(p.survival))))"
                if visible(p.time) { obstacles.segments.append((px, y(value(last)), px, y(value(p.survival)))) }
            }
            last = p.survival
            lastX = px
        }
        svg.raw("<path class=\"curve\" data-group=\"\(g)\" d=\"\(d)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" clip-path=\"url(#panel)\"/>")

        guard spec.censorMarks else { return }
        var marks: [(Double, Double)] = []
        var lastColumn = Int.min
        for p in curve where p.nCensor > 0 && visible(p.time) {
            let px = x(p.time), column = Int(px.rounded())
            if column == lastColumn { continue }
            lastColumn = column
            marks.append((px, y(value(p.survival))))
        }
        if marks.count > Self.maxMarks {
            let step = Double(marks.count) / Double(Self.maxMarks)
            marks = (0..<Self.maxMarks).map { marks[Int(Double($0) * step)] }
        }
        obstacles.points += marks
        let path = marks.map { "M\(n($0.0 - 3.5)) \(n($0.1))h7M\(n($0.0)) \(n($0.1 - 3.5))v7" }.joined()
        svg.raw("<path class=\"censor\" data-group=\"\(g)\" data-marks=\"\(marks.count)\" d=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.3\"/>")
    }
}
