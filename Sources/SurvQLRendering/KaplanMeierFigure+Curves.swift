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

        // Only what is in the shown range is an obstacle for boxes in the panel.
        let left = x(xmin) - 1, right = x(xmax) + 1
        func inRange(_ seg: (Double, Double, Double, Double)) -> Bool { max(seg.0, seg.2) >= left && min(seg.0, seg.2) <= right }
        if bands {
            var upper = StepLine(x: x(0), y: y(value(1))), lower = StepLine(x: x(0), y: y(value(1)))
            var lastUpper = 1.0, lastLower = 1.0
            for p in curve {
                let u = p.upper ?? lastUpper, l = p.lower ?? lastLower
                upper.step(to: x(p.time), y(value(u)))
                lower.step(to: x(p.time), y(value(l)))
                lastUpper = u; lastLower = l
            }
            let outline = StepLine.pathData(upper.points + lower.points.reversed()) + "Z"
            svg.raw("<path class=\"band\" data-group=\"\(g)\" d=\"\(outline)\" fill=\"\(colour)\" fill-opacity=\"0.14\" stroke=\"none\" clip-path=\"url(#panel)\"/>")
            obstacles.segments += (upper.segments + lower.segments).filter(inRange)
        }

        var line = StepLine(x: x(0), y: y(value(1)))
        for p in curve { line.step(to: x(p.time), y(value(p.survival))) }
        obstacles.segments += line.segments.filter(inRange)
        svg.raw("<path class=\"curve\" data-group=\"\(g)\" d=\"\(line.pathData)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" clip-path=\"url(#panel)\"/>")

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
