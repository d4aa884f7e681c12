/// Where a box (a legend, an annotation) goes inside a plot panel: the corner that the drawn
/// lines cross least, so it never covers a curve when a free corner exists.
struct FreeCorner {
    enum Corner: CaseIterable {
        case topLeft, topRight, bottomLeft, bottomRight
    }

    /// The panel's drawn lines as segments (x1, y1, x2, y2), and single points (censor marks).
    var segments: [(Double, Double, Double, Double)] = []
    var points: [(Double, Double)] = []

    /// The box of size `w` × `h` in `corner` of `panel`, `inset` pixels from its edges.
    static func box(_ corner: Corner, w: Double, h: Double, in panel: Box, inset: Double = 8) -> Box {
        let left = panel.x + inset, right = panel.maxX - inset - w
        let top = panel.y + inset, bottom = panel.maxY - inset - h
        switch corner {
        case .topLeft: return Box(x: left, y: top, w: w, h: h)
        case .topRight: return Box(x: right, y: top, w: w, h: h)
        case .bottomLeft: return Box(x: left, y: bottom, w: w, h: h)
        case .bottomRight: return Box(x: right, y: bottom, w: w, h: h)
        }
    }

    /// How many segments and points fall in `b` (grown by a small margin).
    func hits(_ b: Box) -> Int {
        let m = 3.0
        let x0 = b.x - m, x1 = b.maxX + m, y0 = b.y - m, y1 = b.maxY + m
        var n = 0
        for (ax, ay, bx, by) in segments {
            // Segments here are horizontal or vertical, or short; test their bounding boxes.
            if max(ax, bx) >= x0 && min(ax, bx) <= x1 && max(ay, by) >= y0 && min(ay, by) <= y1 { n += 1 }
        }
        for (px, py) in points where px >= x0 && px <= x1 && py >= y0 && py <= y1 { n += 1 }
        return n
    }

    /// The first corner in `preference` that is crossed least, leaving out `taken`.
    func choose(w: Double, h: Double, in panel: Box, preference: [Corner], taken: Box? = nil) -> Corner {
        var best = preference[0], bestScore = Int.max
        for c in preference {
            let b = Self.box(c, w: w, h: h, in: panel)
            var score = hits(b)
            if let t = taken, b.x < t.maxX && t.x < b.maxX && b.y < t.maxY && t.y < b.maxY { score += 1_000_000 }
            if score < bestScore { best = c; bestScore = score }
        }
        return best
    }
}
