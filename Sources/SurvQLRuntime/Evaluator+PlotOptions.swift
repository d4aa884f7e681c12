import SurvQLSyntax

extension Evaluator {
    /// Checks the statement's figure options against the figure and copies them into `spec`.
    /// A count that does not match (labels, colours) or a value out of range is an error on
    /// the option; an option that does not apply to the figure's kind is a warning.
    mutating func applyPlotOptions(_ p: PlotStatement, to spec: inout FigureSpec) throws {
        let kind = p.kind.rawValue
        let kmOnly: Set<String> = ["bands", "risk table", "events table", "censor marks", "median lines", "pvalue", "break"]
        for o in p.options {
            if p.kind == .forest || p.kind == .balance, kmOnly.contains(o.name) || o.name == "legend" {
                warn(PlotMessages.ignoredOption(o.name, kind), o.range)
                continue
            }
            let strings = o.values.compactMap(\.string)
            let flag: Bool? = { if case let .bool(b)? = o.values.first?.value { return b } else { return nil } }()
            switch o.name {
            case "title": spec.title = strings.first
            case "subtitle": spec.subtitle = strings.first
            case "xlab": spec.xLabel = strings.first
            case "ylab": spec.yLabel = strings.first
            case "font": spec.font = strings.first
            case "labels":
                let (needed, what, current) = labelTarget(spec.content)
                if strings.count != needed {
                    throw error(PlotMessages.labelCount(strings.count, needed, what), o.range,
                                hint: "in order: " + current.map { "\"\($0)\"" }.joined(separator: ", "))
                }
                spec.labels = strings
            case "colors":
                for v in o.values where !Self.isColor(v.string ?? "") {
                    throw error(PlotMessages.badColor(v.string ?? v.spelling), v.range,
                                hint: "write #RRGGBB (\"#0072B2\") or a CSS colour name (\"steelblue\")")
                }
                let (needed, _, _) = labelTarget(spec.content)
                if case .survival = spec.content, strings.count < needed {
                    throw error(PlotMessages.colorCount(strings.count, needed), o.range)
                }
                spec.colors = strings
            case "size":
                let n = o.values.compactMap(\.number)
                let factor: Double = switch strings.first { case "in": 96; case "cm": 96 / 2.54; default: 1 }
                let w = n[0] * factor, h = n[1] * factor
                guard w >= 300, h >= 240, w <= 10000, h <= 10000 else { throw error(PlotMessages.badSize, o.range) }
                spec.width = w
                spec.height = h
            case "bands": spec.bands = flag
            case "risk table": spec.riskTable = flag ?? true
            case "events table": spec.eventsTable = flag ?? false
            case "censor marks": spec.censorMarks = flag ?? true
            case "median lines": spec.medianLines = flag ?? true
            case "pvalue": spec.pValue = flag ?? true
            case "legend": spec.legend = strings.first.flatMap(FigureSpec.LegendPlacement.init(rawValue:))
            default: break  // xlim and break were used when the numbers were computed
            }
        }
    }

    /// What `labels` renames in a figure: how many, called what, and their current names.
    func labelTarget(_ content: FigureSpec.Content) -> (Int, String, [String]) {
        switch content {
        case let .survival(s, _): return (s.groups.count, "groups", s.groups.map(\.label))
        case let .forest(c):
            // The reference group, then the model's terms.
            let names = [c.reference] + (c.cox?.terms.map(\.term) ?? [])
            return (names.count, "rows (the reference group, then each term)", names)
        case let .balance(m): return (m.balance.count, "covariates", m.balance.map(\.covariate))
        }
    }

    /// `#RGB`, `#RRGGBB`, or one of the CSS colour names people use in figures.
    static func isColor(_ s: String) -> Bool {
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
