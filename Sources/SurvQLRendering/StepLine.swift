/// The vertices of a step line in pixels, with the steps that fall within one pixel column
/// merged into one vertical run: what is drawn looks the same, and a curve of 25,000 patients
/// takes a few hundred vertices instead of 50,000.
struct StepLine {
    private(set) var points: [(x: Double, y: Double)] = []
    /// Horizontal moves shorter than this are merged into the vertical run before them.
    static let resolution = 0.25

    init(x: Double, y: Double) {
        points = [(x, y)]
    }

    /// Moves horizontally to `x`, then vertically to `y`.
    mutating func step(to x: Double, _ y: Double) {
        let last = points[points.count - 1]
        if abs(x - last.x) >= Self.resolution {
            if points.count >= 2, points[points.count - 2].y == last.y {
                points[points.count - 1].x = x  // extend the horizontal run
            } else {
                points.append((x, last.y))
            }
        }
        let l = points[points.count - 1]
        // Drops smaller than the written precision wait until they add up to a visible one.
        if abs(y - l.y) < Self.resolution / 5 { return }
        if points.count >= 2, abs(points[points.count - 2].x - l.x) < Self.resolution, points[points.count - 2].y != l.y {
            points[points.count - 1].y = y  // extend the vertical run of this column
        } else {
            points.append((l.x, y))
        }
    }

    /// Ends the line at `x` at its current height.
    mutating func finish(at x: Double) {
        if abs(x - points[points.count - 1].x) >= Self.resolution / 10 { points.append((x, points[points.count - 1].y)) }
    }

    /// The line as SVG path data (`M x y H x V y ...`).
    var pathData: String { Self.pathData(points) }

    /// Path data through `points`, with H and V for horizontal and vertical moves.
    static func pathData(_ points: [(x: Double, y: Double)]) -> String {
        let n = SVGCanvas.n
        var d = "M\(n(points[0].x)) \(n(points[0].y))"
        for (a, b) in zip(points, points.dropFirst()) {
            if b.y == a.y { d += "H\(n(b.x))" } else if b.x == a.x { d += "V\(n(b.y))" } else { d += "L\(n(b.x)) \(n(b.y))" }
        }
        return d
    }

    /// The line's segments, for placing boxes clear of it.
    var segments: [(Double, Double, Double, Double)] {
        zip(points, points.dropFirst()).map { ($0.x, $0.y, $1.x, $1.y) }
    }
}
