import Foundation

/// An SVG document being drawn: elements in order, each text element written with its font
/// size, weight and anchor spelled out, so a reader (the figure tests) can measure it with
/// the same `FontMetrics` the layout used.
struct SVGCanvas {
    enum Anchor: String {
        case start, middle, end
    }

    let family: FontFamily
    private(set) var body: [String] = []

    init(family: FontFamily) {
        self.family = family
    }

    /// The width of `text` at `size` in the figure's family.
    func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        (bold ? family.bold : family.regular).width(text, size: size)
    }

    /// A number for an attribute: one decimal, no trailing zero.
    static func n(_ x: Double) -> String {
        // Far off-canvas points (an extreme axis range) are clamped; a non-number draws at 0.
        guard x.isFinite else { return "0" }
        let r = (min(max(x, -1e7), 1e7) * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(format: "%.1f", r)
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A text element at baseline `y`. With `rotated`, it turns -90° about (x, y).
    mutating func text(_ text: String, x: Double, y: Double, size: Double, anchor: Anchor = .start, bold: Bool = false,
                       fill: String? = nil, rotated: Bool = false, attributes: String = "") {
        var a = "x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(Self.n(size))\" text-anchor=\"\(anchor.rawValue)\""
        if bold { a += " font-weight=\"bold\"" }
        if let fill { a += " fill=\"\(fill)\"" }
        if rotated { a += " transform=\"rotate(-90 \(Self.n(x)) \(Self.n(y)))\"" }
        if !attributes.isEmpty { a += " " + attributes }
        body.append("<text \(a)>\(Self.escape(text))</text>")
    }

    /// A straight line.
    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dash: String? = nil) {
        let d = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        body.append("<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\"\(d)/>")
    }

    /// A rectangle.
    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String? = nil, opacity: Double? = nil) {
        let s = stroke.map { " stroke=\"\($0)\"" } ?? ""
        let o = opacity.map { " fill-opacity=\"\($0)\"" } ?? ""
        body.append("<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(w))\" height=\"\(Self.n(h))\" fill=\"\(fill)\"\(s)\(o)/>")
    }

    /// Any other element, written as given.
    mutating func raw(_ element: String) {
        body.append(element)
    }

    /// The whole document.
    func document(width: Double, height: Double, title: String) -> String {
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" "
        out += "viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" font-family=\"\(Self.escape(family.css))\">\n"
        out += "<title>\(Self.escape(title))</title>\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        out += body.joined(separator: "\n")
        out += "\n</svg>\n"
        return out
    }
}
