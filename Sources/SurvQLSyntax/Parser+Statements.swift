/// Statement rules. Each function starts at the statement's verb and stops before the
/// separator; clauses after the required head may come in any order, each at most once.
extension Parser {
    mutating func parseStatement() throws(Abort) -> StatementKind {
        let t = current
        if let k = t.keyword, !t.isQuotedName, k.isVerb {
            advance()
            switch k {
            case .load: return .load(try parseLoad())
            case .let: return .let(try parseLet())
            case .match: return .match(try parseMatch())
            case .survive: return .survive(try parseSurvive())
            case .compare: return .compare(try parseCompare())
            case .prevalence: return .prevalence(try parsePrevalence())
            case .associate: return .associate(try parseAssociate())
            case .describe: return .describe(try parseDescribe())
            case .plot: return .plot(try parsePlot())
            case .export: return .export(try parseExport())
            case .set: return .set(try parseSet())
            default: break
            }
        }
        if t.kind == .identifier {
            let s = Suggestions.closest(to: t.text, in: Keyword.verbs.map(\.rawValue), limit: 1).first
            var fixIts: [FixIt] = []
            if let s { fixIts.append(FixIt(message: "replace '\(t.text)' with '\(s)'", range: t.range, replacement: s)) }
            throw fail(.unknownStatement(t.text, suggestion: s), at: t.range, fixIts: fixIts)
        }
        throw fail(.expectedStatement(t.displayName), at: t.range)
    }

    // MARK: Names and literals

    /// A name where the grammar expects one: an identifier, a backtick name, or a keyword
    /// used as a name (`time` as a column after `time`).
    mutating func expectName(_ what: String, after: String) throws(Abort) -> Name {
        let t = current
        switch t.kind {
        case .identifier:
            advance()
            return Name(t.text, t.range)
        case .keyword where !atSeparator:
            advance()
            return Name(t.text, t.range)
        default:
            throw fail(.expectedName(what, after: after, found: t.displayName))
        }
    }

    /// `name { "," name }`.
    mutating func parseNameList(_ what: String, after: String) throws(Abort) -> [Name] {
        var names = [try expectName(what, after: after)]
        while eat(.comma) != nil {
            names.append(try expectName(what, after: "','"))
        }
        return names
    }

    /// A literal: a number (optionally negative), a quoted string, `true` or `false`.
    mutating func parseLiteral(allowBareWord: Bool = false) throws(Abort) -> Literal {
        let t = current
        switch t.kind {
        case .number:
            advance()
            return Literal(value: .number(Double(t.text) ?? .nan), spelling: t.text, range: t.range)
        case .minus where peek().kind == .number:
            advance()
            let n = advance()
            return Literal(value: .number(-(Double(n.text) ?? .nan)), spelling: "-" + n.text, range: t.range.union(n.range))
        case .string:
            advance()
            return Literal(value: .string(t.text), spelling: "\"\(t.text)\"", range: t.range)
        case .keyword(.true), .keyword(.false):
            advance()
            return Literal(value: .bool(t.keyword == .true), spelling: t.text.lowercased(), range: t.range)
        case .identifier, .keyword:
            if allowBareWord && !atSeparator {
                advance()
                return Literal(value: .string(t.text), spelling: t.text, range: t.range)
            }
            if t.kind == .identifier {
                throw fail(.bareWordValue(t.text), at: t.range,
                           fixIts: [FixIt(message: "quote it", range: t.range, replacement: "\"\(t.text)\"")])
            }
            throw fail(.expectedValue(found: t.displayName))
        default:
            throw fail(.expectedValue(found: t.displayName))
        }
    }

    mutating func parseNumber(clause: String) throws(Abort) -> Literal {
        guard current.kind == .number || (current.kind == .minus && peek().kind == .number) else {
            throw fail(.notANumber(current.displayName, clause: clause))
        }
        return try parseLiteral()
    }

    mutating func parseString(_ what: String, after: String) throws(Abort) -> Literal {
        guard current.kind == .string else {
            throw fail(.expected(what, after: after, found: current.displayName),
                       hint: "write the file name in double quotes, e.g. \"results.json\"")
        }
        return try parseLiteral()
    }

    /// Records a duplicate clause (once) and abandons the statement.
    mutating func checkOnce(_ seen: inout Set<Keyword>, _ k: Keyword, _ t: Token) throws(Abort) {
        if seen.contains(k) { throw fail(.duplicateClause(k.rawValue), at: t.range) }
        seen.insert(k)
    }

    /// An unknown word where a clause was expected: suggest the closest clause keyword.
    mutating func unknownClause(_ allowed: [Keyword], statement: String) -> Abort {
        let t = current
        if t.kind == .identifier || t.kind == .keyword(t.keyword ?? .as) {
            if let s = Suggestions.closest(to: t.text, in: allowed.map(\.rawValue), limit: 1).first, t.keyword == nil {
                return fail(.unknownClause(t.text, suggestion: s), at: t.range,
                            fixIts: [FixIt(message: "replace with '\(s)'", range: t.range, replacement: s)])
            }
        }
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        return fail(.extraneous(t.displayName), at: t.range, hint: "'\(statement)' accepts: \(list)")
    }

    // MARK: load

    mutating func parseLoad() throws(Abort) -> LoadStatement {
        var s = LoadStatement()
        let verb = previous!
        if current.kind == .string {
            let t = advance()
            s.source = .path(t.text, t.range)
        } else if let d = eat(.demo) {
            s.source = .demo(try expectName("a demo data set name", after: "'\(d.text)'"))
        } else {
            throw fail(.expected("a quoted path or 'demo NAME'", after: "'load'", found: current.displayName),
                       hint: "for example: load \"cohort.tsv\" as rwd, or load demo ntrk as rwd")
        }
        var seen = Set<Keyword>()
        while !atSeparator {
            let t = current
            switch t.keyword {
            case .as?:
                try checkOnce(&seen, .as, t); advance()
                s.name = try expectName("a cohort name", after: "'as'")
            case .id?:
                try checkOnce(&seen, .id, t); advance()
                s.idColumn = try expectName("the identifier column", after: "'id'")
            case .per?:
                try checkOnce(&seen, .per, t); advance()
                if eat(.sample) != nil { s.perSample = true } else if eat(.patient) != nil { s.perSample = false } else {
                    throw fail(.expected("'patient' or 'sample'", after: "'per'", found: current.displayName))
                }
            case nil where t.kind == .identifier && t.text.lowercased() == "sep" && s.separator == nil:
                advance()
                s.separator = try parseString("a quoted separator such as \";\"", after: "'sep'")
            default:
                throw unknownClause([.as, .id, .per], statement: "load")
            }
        }
        if s.name == nil {
            throw fail(.missingClause("a name: 'as NAME'", statement: "load", example: "load \"cohort.tsv\" as rwd"),
                       at: SourceRange(start: verb.range.start, end: insertionPoint))
        }
        return s
    }

    // MARK: let

    mutating func parseLet() throws(Abort) -> LetStatement {
        var s = LetStatement()
        s.name = try expectName("a cohort name", after: "'let'")
        guard eat(.equal) != nil else {
            throw fail(.expected("'='", after: "the name '\(s.name!.text)'", found: current.displayName),
                       hint: "for example: let older = rwd where age >= 65")
        }
        s.source = try expectName("a cohort", after: "'='")
        if eat(.where) != nil {
            s.filter = try parseExpression()
        }
        return s
    }

    // MARK: match

    mutating func parseMatch() throws(Abort) -> MatchStatement {
        var s = MatchStatement()
        let verb = previous!
        s.cohort = try expectName("a cohort", after: "'match'")
        guard eat(.by) != nil else {
            throw fail(.expected("'by' and the treatment condition", after: "'\(s.cohort!.text)'", found: current.displayName),
                       hint: "for example: match rwd by fusion NTRK1|NTRK2|NTRK3 ratio 10 on age, stage as matched")
        }
        s.treatment = try parseExpression()
        var seen = Set<Keyword>()
        while !atSeparator {
            let t = current
            switch t.keyword {
            case .ratio?:
                try checkOnce(&seen, .ratio, t); advance()
                s.ratio = try parseNumber(clause: "ratio")
            case .exact?:
                try checkOnce(&seen, .exact, t); advance()
                s.exact = try parseNameList("a column", after: "'exact'")
            case .on?:
                try checkOnce(&seen, .on, t); advance()
                s.covariates = try parseNameList("a covariate column", after: "'on'")
            case .caliper?:
                try checkOnce(&seen, .caliper, t); advance()
                s.caliper = try parseNumber(clause: "caliper")
            case .seed?:
                try checkOnce(&seen, .seed, t); advance()
                s.seed = try parseNumber(clause: "seed")
            case .with?:
                try checkOnce(&seen, .with, t); advance()
                guard eat(.replacement) != nil else {
                    throw fail(.expected("'replacement'", after: "'with'", found: current.displayName))
                }
                s.withReplacement = true
            case .as?:
                try checkOnce(&seen, .as, t); advance()
                s.name = try expectName("a name for the matched cohort", after: "'as'")
            default:
                throw unknownClause([.ratio, .exact, .on, .caliper, .seed, .with, .as], statement: "match")
            }
        }
        let whole = SourceRange(start: verb.range.start, end: insertionPoint)
        if s.covariates.isEmpty {
            throw fail(.missingClause("the covariates of the propensity score: 'on COL, ...'", statement: "match",
                                      example: "match rwd by fusion NTRK1 ratio 10 on age, stage as matched"), at: whole)
        }
        if s.name == nil {
            throw fail(.missingClause("a name for the result: 'as NAME'", statement: "match",
                                      example: "match rwd by fusion NTRK1 ratio 10 on age, stage as matched"), at: whole)
        }
        return s
    }

    // MARK: survive, compare, plot

    /// Parses one endpoint clause (`endpoint`, `time`, `event`, `entry`) if the current token
    /// starts one. Returns false when it does not.
    mutating func parseEndpointClause(_ e: inout EndpointSpec, _ seen: inout Set<Keyword>) throws(Abort) -> Bool {
        let t = current
        switch t.keyword {
        case .endpoint?:
            try checkOnce(&seen, .endpoint, t); advance()
            e.endpoint = try expectName("an endpoint name (os, pfs, ...)", after: "'endpoint'")
        case .time?:
            try checkOnce(&seen, .time, t); advance()
            e.time = try expectName("the time column", after: "'time'")
        case .event?:
            try checkOnce(&seen, .event, t); advance()
            e.event = try expectName("the event column", after: "'event'")
        case .entry?:
            try checkOnce(&seen, .entry, t); advance()
            e.entry = try expectName("the entry-time column", after: "'entry'")
        default:
            return false
        }
        return true
    }

    /// `by GROUPING`: `fusion` alone, or a condition/column.
    mutating func parseGrouping() throws(Abort) -> Grouping {
        if at(.fusion) {
            let next = peek()
            if !startsGene(next) && next.kind != .colonColon && !(next.kind == .keyword(next.keyword ?? .as) && [TokenKind.pipe, .colonColon].contains(peek(2).kind)) {
                let t = advance()
                return .definingAlteration(t.range)
            }
        }
        return .expression(try parseExpression())
    }

    mutating func parseSurvive() throws(Abort) -> SurviveStatement {
        var s = SurviveStatement()
        s.cohort = try expectName("a cohort", after: "'survive'")
        var seen = Set<Keyword>()
        while !atSeparator {
            let t = current
            if try parseEndpointClause(&s.endpoint, &seen) { continue }
            switch t.keyword {
            case .by?:
                try checkOnce(&seen, .by, t); advance()
                s.grouping = try parseGrouping()
            case .at?:
                try checkOnce(&seen, .at, t); advance()
                s.times = [try parseNumber(clause: "at")]
                while eat(.comma) != nil { s.times.append(try parseNumber(clause: ",")) }
            case .every?:
                try checkOnce(&seen, .every, t); advance()
                s.every = try parseNumber(clause: "every")
            case .rmean?:
                try checkOnce(&seen, .rmean, t); advance()
                s.rmean = try parseNumber(clause: "rmean")
            default:
                throw unknownClause([.by, .endpoint, .time, .event, .entry, .at, .every, .rmean], statement: "survive")
            }
        }
        return s
    }

    mutating func parseCompare() throws(Abort) -> CompareStatement {
        var s = CompareStatement()
        let verb = previous!
        s.cohort = try expectName("a cohort", after: "'compare'")
        var seen = Set<Keyword>()
        while !atSeparator {
            let t = current
            if try parseEndpointClause(&s.endpoint, &seen) { continue }
            switch t.keyword {
            case .by?:
                try checkOnce(&seen, .by, t); advance()
                s.grouping = try parseGrouping()
            case .strata?:
                try checkOnce(&seen, .strata, t); advance()
                s.strata = try expectName("the strata column", after: "'strata'")
            case .adjust?:
                try checkOnce(&seen, .adjust, t); advance()
                s.adjust = try parseNameList("a covariate column", after: "'adjust'")
            case .cluster?:
                try checkOnce(&seen, .cluster, t); advance()
                s.cluster = try expectName("the cluster column", after: "'cluster'")
            case .reference?:
                try checkOnce(&seen, .reference, t); advance()
                s.reference = try parseLiteral(allowBareWord: true)
            case .ties?:
                try checkOnce(&seen, .ties, t); advance()
                s.ties = try expectName("'efron' or 'breslow'", after: "'ties'")
            default:
                throw unknownClause([.by, .endpoint, .time, .event, .entry, .strata, .adjust, .cluster, .reference, .ties], statement: "compare")
            }
        }
        if s.grouping == nil {
            throw fail(.missingClause("the groups to compare: 'by GROUPING'", statement: "compare",
                                      example: "compare matched by fusion"),
                       at: SourceRange(start: verb.range.start, end: insertionPoint))
        }
        return s
    }

    mutating func parsePlot() throws(Abort) -> PlotStatement {
        var s = PlotStatement()
        let verb = previous!
        _ = eat(.survival)
        s.cohort = try expectName("a cohort", after: "'plot survival'")
        var seen = Set<Keyword>()
        while !atSeparator {
            let t = current
            if try parseEndpointClause(&s.endpoint, &seen) { continue }
            switch t.keyword {
            case .by?:
                try checkOnce(&seen, .by, t); advance()
                s.grouping = try parseGrouping()
            case .to?:
                try checkOnce(&seen, .to, t); advance()
                s.path = try parseString("a quoted file name", after: "'to'")
            case nil where t.kind == .identifier && t.text.lowercased() == "overwrite" && s.path != nil && s.overwrite == nil:
                s.overwrite = advance().range
            default:
                throw unknownClause([.by, .endpoint, .time, .event, .entry, .to], statement: "plot")
            }
        }
        if s.path == nil {
            throw fail(.missingClause("a file: 'to \"FILE.svg\"'", statement: "plot",
                                      example: "plot survival matched by fusion to \"km.svg\""),
                       at: SourceRange(start: verb.range.start, end: insertionPoint))
        }
        return s
    }

    // MARK: prevalence, associate, describe, export, set

    mutating func parsePrevalence() throws(Abort) -> PrevalenceStatement {
        var s = PrevalenceStatement()
        s.cohort = try expectName("a cohort", after: "'prevalence'")
        guard eat(.of) != nil else {
            throw fail(.expected("'of' and the alterations", after: "'\(s.cohort!.text)'", found: current.displayName),
                       hint: "for example: prevalence impact of fusion ALK, fusion ROS1 by cancer_type")
        }
        s.alterations = [try parseExpression()]
        while eat(.comma) != nil { s.alterations.append(try parseExpression()) }
        var seen = Set<Keyword>()
        while !atSeparator {
            let t = current
            switch t.keyword {
            case .by?:
                try checkOnce(&seen, .by, t); advance()
                s.by = try expectName("a column", after: "'by'")
            case .method?:
                try checkOnce(&seen, .method, t); advance()
                s.method = try expectName("'wilson' or 'exact'", after: "'method'")
            default:
                throw unknownClause([.by, .method], statement: "prevalence")
            }
        }
        return s
    }

    mutating func parseAssociate() throws(Abort) -> AssociateStatement {
        var s = AssociateStatement()
        s.cohort = try expectName("a cohort", after: "'associate'")
        s.alteration = try parseExpression()
        guard eat(.with) != nil else {
            throw fail(.expected("'with' and the variables", after: "the alteration", found: current.displayName),
                       hint: "for example: associate impact fusion ALK with age, sex")
        }
        s.variables = try parseNameList("a column", after: "'with'")
        var seen = Set<Keyword>()
        while !atSeparator {
            let t = current
            switch t.keyword {
            case .test?:
                try checkOnce(&seen, .test, t); advance()
                s.test = try expectName("'fisher' or 'chisq'", after: "'test'")
            default:
                throw unknownClause([.test], statement: "associate")
            }
        }
        return s
    }

    mutating func parseDescribe() throws(Abort) -> DescribeStatement {
        var s = DescribeStatement()
        s.cohort = try expectName("a cohort", after: "'describe'")
        return s
    }

    mutating func parseExport() throws(Abort) -> ExportStatement {
        var s = ExportStatement()
        if let t = eat(.last) {
            s.target = .last(t.range)
        } else {
            s.target = .cohort(try expectName("'last' or a cohort", after: "'export'"))
        }
        guard eat(.to) != nil else {
            throw fail(.expected("'to' and a quoted file name", after: "what to export", found: current.displayName),
                       hint: "for example: export last to \"results.json\"")
        }
        s.path = try parseString("a quoted file name", after: "'to'")
        if current.kind == .identifier && current.text.lowercased() == "overwrite" {
            s.overwrite = advance().range
        }
        return s
    }

    mutating func parseSet() throws(Abort) -> SetStatement {
        var s = SetStatement()
        s.option = try expectName("an option name", after: "'set'")
        s.value = glueHyphenated(try parseLiteral(allowBareWord: true))
        return s
    }
}
