/// The plot rule:
///
///     plot   = "plot" [ "survival" | 'incidence' | 'forest' | 'balance' ] name
///              { "by" grouping | endpoint_clause | "adjust" name_list | "strata" name
///              | "cluster" name | "reference" literal | "to" string | plot_option } ;
///
/// Options are contextual words (`title`, `labels`, `risk table`, ...), names everywhere else;
/// their value shapes are `PlotOption.shapes`. A kind word is read as the kind only when a name
/// follows it, so a cohort called `forest` can still be plotted. Recovery is the statement's:
/// the first error abandons it.
extension Parser {
    mutating func parsePlot(_ s: inout PlotStatement) throws(Abort) {
        let verb = previous!
        if let t = eat(.survival) {
            s.kindRange = t.range
        } else if current.kind == .identifier, !current.isQuotedName,
                  let k = PlotStatement.Kind(rawValue: current.text.lowercased()),
                  peek().kind == .identifier || peek().isQuotedName {
            s.kind = k
            s.kindRange = advance().range
        }
        s.cohort = try expectName("a cohort", after: "'plot \(s.kind.rawValue)'")
        var seen = Set<Keyword>()
        var seenOptions = Set<String>()
        while !atSeparator {
            let t = current
            if try parseEndpointClause(&s.endpoint, &seen) { continue }
            switch t.keyword {
            case .by?:
                try checkOnce(&seen, .by, t); advance()
                try parseGrouping(into: &s.grouping)
            case .adjust?:
                try checkOnce(&seen, .adjust, t); advance()
                try parseNameList(into: &s.adjust, "a covariate column", after: "'adjust'")
            case .strata?:
                try checkOnce(&seen, .strata, t); advance()
                s.strata = try expectName("the strata column", after: "'strata'")
            case .cluster?:
                try checkOnce(&seen, .cluster, t); advance()
                s.cluster = try expectName("the cluster column", after: "'cluster'")
            case .reference?:
                try checkOnce(&seen, .reference, t); advance()
                s.reference = try parseLiteral(allowBareWord: true)
            case .within?:
                try checkOnce(&seen, .within, t); advance()
                s.within = try expectName("a column", after: "'within'")
            case .to?:
                try checkOnce(&seen, .to, t); advance()
                s.path = try parseString("a quoted file name", after: "'to'")
            case nil where t.kind == .identifier && t.text.lowercased() == "overwrite" && s.path != nil && s.overwrite == nil:
                s.overwrite = advance().range
            default:
                if let o = try parsePlotOption(&seenOptions) {
                    s.options.append(o)
                    continue
                }
                throw unknownPlotClause()
            }
        }
        if s.path == nil {
            throw fail(.missingClause("a file: 'to \"FILE.svg\"'", statement: "plot",
                                      example: "plot survival matched by fusion to \"km.svg\""),
                       at: SourceRange(start: verb.range.start, end: insertionPoint))
        }
    }

    /// The clause keywords of `plot`, for messages.
    static let plotClauses: [Keyword] = [.by, .endpoint, .time, .event, .entry, .adjust, .strata, .cluster, .reference, .within, .to]

    /// An unknown word in a plot statement: suggest the closest clause or option.
    mutating func unknownPlotClause() -> Abort {
        let t = current
        let words = Self.plotClauses.map(\.rawValue) + PlotOption.shapes.map(\.name)
        if t.kind == .identifier, let s = Suggestions.closest(to: t.text, in: words, limit: 1).first {
            return fail(.unknownClause(t.text, suggestion: s), at: t.range,
                        fixIts: [FixIt(message: "replace with '\(s)'", range: t.range, replacement: s)])
        }
        return fail(.extraneous(t.displayName), at: t.range, hint: "'plot' accepts: " + words.joined(separator: ", "))
    }

    /// One figure option, or nil when the current word does not start one.
    mutating func parsePlotOption(_ seen: inout Set<String>) throws(Abort) -> PlotOption? {
        let t = current
        guard t.kind == .identifier, !t.isQuotedName, let name = PlotOption.leadingWords[t.text.lowercased()],
              let shape = PlotOption.shapes.first(where: { $0.name == name })?.shape else { return nil }
        if seen.contains(name) { throw fail(.duplicateClause(name), at: t.range) }
        seen.insert(name)
        advance()
        // The second word of a two-word option (`risk table`) may be left out.
        if let second = name.split(separator: " ").dropFirst().first, current.kind == .identifier,
           current.text.lowercased().hasPrefix(String(second.dropLast())) {
            advance()
        }
        var values: [Literal] = []
        switch shape {
        case .string:
            values = [try plotString(name)]
        case .strings:
            if eat(.leftParen) != nil {
                values.append(try plotString(name))
                while eat(.comma) != nil { values.append(try plotString(name)) }
                guard eat(.rightParen) != nil else { throw fail(.unclosedParen) }
            } else {
                values = [try plotString(name)]
            }
        case .number:
            values = [try parseNumber(clause: name)]
        case .numberRange:
            let paren = eat(.leftParen) != nil
            values.append(try parseNumber(clause: name))
            if eat(.comma) != nil { values.append(try parseNumber(clause: ",")) }
            if paren, eat(.rightParen) == nil { throw fail(.unclosedParen) }
        case .size:
            values.append(try parseNumber(clause: name))
            guard current.kind == .identifier, current.text.lowercased() == "x" else {
                throw fail(.plotOptionValue(name, expected: "'WIDTH x HEIGHT'", found: current.displayName), hint: "for example: size 900 x 640")
            }
            advance()
            values.append(try parseNumber(clause: "x"))
            if at(.in) || (current.kind == .identifier && ["px", "cm", "in"].contains(current.text.lowercased())) {
                let u = advance()
                values.append(Literal(value: .string(u.text.lowercased()), spelling: u.text, range: u.range))
            }
        case .onOff:
            let v = current
            if at(.on) || at(.true) {
                advance()
                values = [Literal(value: .bool(true), spelling: v.text, range: v.range)]
            } else if at(.false) || (v.kind == .identifier && v.text.lowercased() == "off") {
                advance()
                values = [Literal(value: .bool(false), spelling: v.text, range: v.range)]
            } else {
                throw fail(.plotOptionValue(name, expected: "'on' or 'off'", found: v.displayName))
            }
        case let .word(words):
            let v = current
            guard v.kind == .identifier || v.keyword != nil, !atSeparator, words.contains(v.text.lowercased()) else {
                throw fail(.plotOptionValue(name, expected: words.map { "'\($0)'" }.joined(separator: ", "), found: v.displayName))
            }
            advance()
            values = [Literal(value: .string(v.text.lowercased()), spelling: v.text, range: v.range)]
        }
        let end = previous?.range ?? t.range
        return PlotOption(name: name, range: t.range.union(end), values: values)
    }

    mutating func plotString(_ option: String) throws(Abort) -> Literal {
        guard current.kind == .string else {
            throw fail(.plotOptionValue(option, expected: "a quoted text", found: current.displayName))
        }
        return try parseLiteral()
    }
}
