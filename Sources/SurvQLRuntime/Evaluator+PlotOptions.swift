import SurvQLSemantics
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
                let (needed, _, _) = labelTarget(spec.content)
                if case .survival = spec.content, strings.count < needed {
                    throw error(PlotMessages.colorCount(strings.count, needed), o.range)
                }
                spec.colors = strings
            case "size":
                if let (w, h) = PlotOptionRules.sizeInPixels(o) {
                    spec.width = w
                    spec.height = h
                }
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
}
