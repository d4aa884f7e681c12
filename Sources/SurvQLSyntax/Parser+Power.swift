/// Rules for the statistics beyond one hazard ratio: the extra `compare` clauses
/// (`check ph`, `test`, `rmst`, `weight`, `within`) and the `power` statement.
///
/// compare_extra = "check" , name | "test" , name , [ "(" , number , "," , number , ")" ]
///               | "rmst" , number | "weight" , name | "within" , name ;
/// power = "power" , [ "for" , name , { "by" , grouping | endpoint_clause } ] ,
///         { name , ( number | name ) } ;
/// Option names and values are checked by the checker, so a misspelt option is a located
/// diagnostic with a suggestion rather than a parse failure.
extension Parser {
    static let compareExtraKeywords: [Keyword] = [.check, .test, .rmst, .weight, .within]
    /// The option words of `power` (the checker holds their meanings).
    static let powerOptionNames: Set<String> = ["hr", "ratio", "alpha", "events", "patients", "probability", "target", "method"]

    /// Parses one extra `compare` clause if the current token starts one.
    mutating func parseCompareExtra(_ e: inout CompareExtras, _ seen: inout Set<Keyword>) throws(Abort) -> Bool {
        let t = current
        switch t.keyword {
        case .check?:
            try checkOnce(&seen, .check, t); advance()
            e.check = try expectName("'ph'", after: "'check'")
        case .test?:
            try checkOnce(&seen, .test, t); advance()
            let name = try expectName("'logrank', 'peto' or 'fleming(RHO, GAMMA)'", after: "'test'")
            var spec = TestSpec(name: name, range: name.range)
            if eat(.leftParen) != nil {
                spec.rho = try parseNumber(clause: "fleming(")
                guard eat(.comma) != nil else {
                    throw fail(.expected("',' and GAMMA", after: "RHO", found: current.displayName),
                               hint: "for example: test fleming(0, 1)")
                }
                spec.gamma = try parseNumber(clause: "fleming(RHO,")
                guard let close = eat(.rightParen) else {
                    throw fail(.expected("')'", after: "GAMMA", found: current.displayName), hint: "for example: test fleming(0, 1)")
                }
                spec.range = name.range.union(close.range)
            }
            e.test = spec
        case .rmst?:
            try checkOnce(&seen, .rmst, t); advance()
            e.rmst = try parseNumber(clause: "rmst")
        case .weight?:
            try checkOnce(&seen, .weight, t); advance()
            e.weight = try expectName("the weight column", after: "'weight'")
        case .within?:
            try checkOnce(&seen, .within, t); advance()
            e.within = try expectName("the column whose levels are the subgroups", after: "'within'")
        default:
            return false
        }
        return true
    }

    /// adjust_list = adjust_term , { "," , adjust_term } ;
    /// adjust_term = name , [ "(" , "reference" , literal , ")" ] | name , ( "*" | ":" ) , name ;
    mutating func parseAdjustList(_ s: inout CompareStatement) throws(Abort) {
        repeat {
            let left = try expectName("a covariate column", after: s.adjust.isEmpty && s.extras.interactions.isEmpty ? "'adjust'" : "','")
            if current.kind == .star || current.kind == .colon {
                let star = advance().kind == .star
                let right = try expectName("a column", after: star ? "'*'" : "':'")
                s.extras.interactions.append(Interaction(left: left, right: right, withMainEffects: star))
                continue
            }
            if current.kind == .leftParen, peek().keyword == .reference {
                advance(); advance()
                let level = try parseLiteral(allowBareWord: true)
                guard eat(.rightParen) != nil else {
                    throw fail(.expected("')'", after: "the reference level", found: current.displayName),
                               hint: "for example: adjust stage (reference \"III\"), age")
                }
                s.extras.references[s.adjust.count] = level
            }
            s.adjust.append(left)
        } while eat(.comma) != nil
    }

    mutating func parsePower(_ s: inout PowerStatement) throws(Abort) {
        var seen = Set<Keyword>()
        if eat(.for) != nil {
            s.cohort = try expectName("a cohort", after: "'for'")
            while !atSeparator {
                let t = current
                if try parseEndpointClause(&s.endpoint, &seen) { continue }
                if t.keyword == .by {
                    try checkOnce(&seen, .by, t); advance()
                    // `by fusion hr 1.6`: the option is not a gene.
                    if at(.fusion), peek().kind == .identifier, Self.powerOptionNames.contains(peek().text.lowercased()),
                       [TokenKind.number, .string, .identifier].contains(peek(2).kind) {
                        s.grouping = .definingAlteration(advance().range)
                    } else {
                        try parseGrouping(into: &s.grouping)
                    }
                    continue
                }
                break
            }
        }
        while !atSeparator {
            let name = try expectName("an option (hr, ratio, alpha, events, patients, probability, target, method)", after: "'power'")
            let value = try parseLiteral(allowBareWord: true)
            s.options.append(PowerStatement.Option(name: name, value: value))
        }
    }
}
