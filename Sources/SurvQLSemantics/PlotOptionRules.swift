import SurvQLSyntax

/// What can be known of a plot's options without data: colours that are colours, a positive
/// tick interval, an axis range that goes up, a figure size in bounds. The checker reports every
/// problem; the runtime refuses the first, with the same words.
public enum PlotOptionRules {
    public struct Problem: Sendable {
        public var id: String
        public var text: String
        public var range: SourceRange
        public var hint: String?
    }

    /// The problems of `p`'s options, in the order written.
    public static func problems(_ p: PlotStatement) -> [Problem] {
        var out: [Problem] = []
        for o in p.options {
            switch o.name {
            case "break":
                if let v = o.values.first, (v.number ?? 0) <= 0 {
                    out.append(Problem(id: "check.plotBreak", text: "the tick interval must be a positive number", range: v.range, hint: nil))
                }
            case "xlim":
                let n = o.values.compactMap(\.number)
                let from = n.count == 2 ? n[0] : nil, to = n.last ?? 0
                if to <= (from ?? 0) || (from ?? 0) < 0 || (p.kind == .forest && (from ?? 1) <= 0) {
                    out.append(Problem(id: "check.plotRange", text: "the axis range must go from a smaller to a larger value, not below 0",
                                       range: o.range, hint: p.kind == .forest ? "a hazard-ratio axis starts above 0: xlim (0.25, 4)" : "for example: xlim 60 or xlim (12, 60)"))
                }
            case "size":
                if let (w, h) = sizeInPixels(o), !(w >= 300 && h >= 240 && w <= 10000 && h <= 10000) {
                    out.append(Problem(id: "check.plotSize", text: "the figure size must be between 300 x 240 and 10000 x 10000 pixels",
                                       range: o.range, hint: "sizes are in pixels (96 per inch) unless followed by 'in' or 'cm': size 7 x 5 in"))
                }
            case "colors":
                for v in o.values where !isColor(v.string ?? "") {
                    out.append(Problem(id: "check.plotColor", text: "'\(v.string ?? v.spelling)' is not a colour", range: v.range,
                                       hint: "write #RRGGBB (\"#0072B2\") or a CSS colour name (\"steelblue\")"))
                }
            default:
                break
            }
        }
        return out
    }

    /// `size W x H [px|in|cm]` in pixels (96 per inch).
    public static func sizeInPixels(_ o: PlotOption) -> (Double, Double)? {
        let n = o.values.compactMap(\.number)
        guard n.count == 2 else { return nil }
        let factor: Double = switch o.values.compactMap(\.string).first { case "in": 96; case "cm": 96 / 2.54; default: 1 }
        return (n[0] * factor, n[1] * factor)
    }

    /// `#RGB`, `#RRGGBB`, or one of the CSS colour names people use in figures.
    public static func isColor(_ s: String) -> Bool {
        let t = s.lowercased()
        if t.hasPrefix("#") {
            let hex = t.dropFirst()
            return (hex.count == 3 || hex.count == 6) && hex.allSatisfy(\.isHexDigit)
        }
        return cssColorNames.contains(t)
    }

    static let cssColorNames: Set<String> = [
        "black", "white", "gray", "grey", "darkgray", "darkgrey", "lightgray", "lightgrey", "dimgray", "dimgrey", "silver",
        "red", "darkred", "firebrick", "crimson", "tomato", "orange", "darkorange", "gold", "yellow", "goldenrod",
        "green", "darkgreen", "forestgreen", "seagreen", "limegreen", "olive", "olivedrab", "teal", "darkcyan", "cyan",
        "blue", "navy", "darkblue", "royalblue", "steelblue", "dodgerblue", "skyblue", "deepskyblue", "slateblue",
        "purple", "indigo", "darkviolet", "magenta", "orchid", "plum", "violet", "pink", "hotpink", "deeppink",
        "brown", "saddlebrown", "sienna", "chocolate", "tan", "maroon", "coral", "salmon", "turquoise",
    ]
}
