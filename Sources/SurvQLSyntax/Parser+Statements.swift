/// Statement rules. Each function starts after the statement's verb and stops before the
/// separator; clauses after the required head may come in any order, each at most once. A rule
/// fills its statement in place (`inout`), so when it abandons the statement what it read is
/// kept (see `keep`).
extension Parser {
    mutating func parseStatement() throws(Abort) -> StatementKind {
        let t = current
        if let k = t.keyword, !t.isQuotedName, k.isVerb {
            advance()
            switch k {
            case .load: var s = LoadStatement(); return try keep(&s, StatementKind.load) { (p, s) throws(Abort) in try p.parseLoad(&s) }
            case .let: var s = LetStatement(); return try keep(&s, StatementKind.let) { (p, s) throws(Abort) in try p.parseLet(&s) }
            case .match: var s = MatchStatement(); return try keep(&s, StatementKind.match) { (p, s) throws(Abort) in try p.parseMatch(&s) }
            case .survive: var s = SurviveStatement(); return try keep(&s, StatementKind.survive) { (p, s) throws(Abort) in try p.parseSurvive(&s) }
            case .compare: var s = CompareStatement(); return try keep(&s, StatementKind.compare) { (p, s) throws(Abort) in try p.parseCompare(&s) }
            case .prevalence: var s = PrevalenceStatement(); return try keep(&s, StatementKind.prevalence) { (p, s) throws(Abort) in try p.parsePrevalence(&s) }
            case .associate: var s = AssociateStatement(); return try keep(&s, StatementKind.associate) { (p, s) throws(Abort) in try p.parseAssociate(&s) }
            case .describe: var s = DescribeStatement(); return try keep(&s, StatementKind.describe) { (p, s) throws(Abort) in try p.parseDescribe(&s) }
            case .plot: var s = PlotStatement(); return try keep(&s, StatementKind.plot) { (p, s) throws(Abort) in try p.parsePlot(&s) }
            case .export: var s = ExportStatement(); return try keep(&s, StatementKind.export) { (p, s) throws(Abort) in try p.parseExport(&s) }
            case .set: var s = SetStatement(); return try keep(&s, StatementKind.set) { (p, s) throws(Abort) in try p.parseSet(&s) }
            default: break
            }
        }
        let verbs = Keyword.verbs.map(\.rawValue).sorted()
        if t.kind == .identifier || (t.keyword != nil && !t.isQuotedName
                                     && Suggestions.closest(to: t.text, in: verbs, limit: 1).first != nil) {
            let s = Suggestions.closest(to: t.text, in: verbs, limit: 1).first
            var fixIts: [FixIt] = []
            if let s { fixIts.append(FixIt(message: "replace '\(t.text)' with '\(s)'", range: t.range, replacement: s)) }
            throw fail(.unknownStatement(t.text, suggestion: s), at: t.range, fixIts: fixIts)
        }
        throw fail(.expectedStatement(t.displayName), at: t.range)
    }

    /// Runs a statement rule that fills `s` in place; when the rule abandons the statement,
    /// what it had filled in is kept as `partialStatement` for the tree.
    mutating func keep<S>(_ s: inout S, _ wrap: (S) -> StatementKind,
                          _ rule: (inout Parser, inout S) throws(Abort) -> Void) throws(Abort) -> StatementKind {
        do {
            try rule(&self, &s)
        } catch {
            partialStatement = wrap(s)
            throw error
        }
        return wrap(s)
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

    /// `name { "," name }`, appended to `names` as they are read (a partial list survives an error).
    mutating func parseNameList(into names: inout [Name], _ what: String, after: String) throws(Abort) {
        names.append(try expectName(what, after: after))
        while eat(.comma) != nil {
            names.append(try expectName(what, after: "','"))
        }
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
                // An unquoted phrase (`= Non Small Cell`, `= Non-Small Cell`): quote all of it.
                var range = t.range
                var k = 1
                while true {
                    let w = peek(k)
                    let word = w.kind == .identifier || w.kind == .number
                        || (w.kind == .minus && w.range.start == range.end && peek(k + 1).range.start == w.range.end
                            && (peek(k + 1).kind == .identifier || peek(k + 1).kind == .number))
                    guard word, !w.isQuotedName else { break }
                    range = range.union(w.range)
                    k += 1
                }
                let phrase = file.text(in: range)
                let m: ParserMessage = range == t.range ? .bareWordValue(t.text) : .bareWords(phrase)
                throw fail(m, at: range.start == t.range.start && range != t.range ? range : t.range,
                           fixIts: [FixIt(message: range == t.range ? "quote it" : "quote the whole phrase", range: range,
                                          replacement: "\"\(phrase)\"")])
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

    mutating func parseLoad(_ s: inout LoadStatement) throws(Abort) {
        let verb = previous!
        if current.kind == .string {
            let t = advance()
            s.source = .path(t.text, t.range)
        } else if let (path, range) = unquotedPath() {
            recover(.unquotedPath(path), at: range,
                    fixIts: [FixIt(message: "quote the path", range: range, replacement: "\"\(path)\"")], replacingLexer: range)
            s.source = .path(path, range)
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
            default:
                throw unknownClause([.as, .id, .per], statement: "load")
            }
        }
        if s.name == nil {
            throw fail(.missingClause("a name: 'as NAME'", statement: "load", example: "load \"cohort.tsv\" as rwd"),
                       at: SourceRange(start: verb.range.start, end: insertionPoint))
        }
    }

    /// A path written without quotes after `load` (`/data/x`, `cohort.tsv`, `~/s`): the tokens
    /// written against each other from here, when they look like a path (a `/`, `\\`, `.` or
    /// `~` in them) and are not `demo`. Consumes them.
    mutating func unquotedPath() -> (String, SourceRange)? {
        guard !atSeparator, !at(.demo), !at(.as) else { return nil }
        var k = 0
        var range = current.range
        while true {
            let next = peek(k + 1)
            guard next.range.start == range.end, next.kind != .newline, next.kind != .semicolon, next.kind != .endOfFile else { break }
            range = range.union(next.range)
            k += 1
        }
        let text = file.text(in: range)
        guard text.contains(where: { "/\\.~".contains($0) }) else { return nil }
        for _ in 0...k { advance() }
        return (text, range)
    }

    // MARK: let

    mutating func parseLet(_ s: inout LetStatement) throws(Abort) {
        s.name = try expectName("a cohort name", after: "'let'")
        guard eat(.equal) != nil else {
            throw fail(.expected("'='", after: "the name '\(s.name!.text)'", found: current.displayName),
                       hint: "for example: let older = rwd where age >= 65")
        }
        s.source = try expectName("a cohort", after: "'='")
        if eat(.where) != nil {
            try parseExpression(into: &s.filter)
        }
    }

    // MARK: match

    mutating func parseMatch(_ s: inout MatchStatement) throws(Abort) {
        let verb = previous!
        s.cohort = try expectName("a cohort", after: "'match'")
        guard eat(.by) != nil else {
            throw fail(.expected("'by' and the treatment condition", after: "'\(s.cohort!.text)'", found: current.displayName),
                       hint: "for example: match rwd by fusion NTRK1|NTRK2|NTRK3 ratio 10 on age, stage as matched")
        }
        try parseExpression(into: &s.treatment)
        var seen = Set<Keyword>()
        while !atSeparator {
            let t = current
            switch t.keyword {
            case .ratio?:
                try checkOnce(&seen, .ratio, t); advance()
                s.ratio = try parseNumber(clause: "ratio")
            case .exact?:
                try checkOnce(&seen, .exact, t); advance()
                try parseNameList(into: &s.exact, "a column", after: "'exact'")
            case .on?:
                try checkOnce(&seen, .on, t); advance()
                try parseNameList(into: &s.covariates, "a covariate column", after: "'on'")
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

    /// `by GROUPING`: `fusion` alone, or a condition/column. On an error the grouping is the
    /// partial condition (an `.error` hole where it stopped).
    mutating func parseGrouping(into g: inout Grouping?) throws(Abort) {
        if at(.fusion) {
            let next = peek()
            if !startsGene(next) && next.kind != .colonColon && !(next.kind == .keyword(next.keyword ?? .as) && [TokenKind.pipe, .colonColon].contains(peek(2).kind)) {
                let t = advance()
                g = .definingAlteration(t.range)
                return
            }
        }
        var e: Expression? = nil
        defer { g = e.map { .expression($0) } }
        try parseExpression(into: &e)
    }

    mutating func parseSurvive(_ s: inout SurviveStatement) throws(Abort) {
        s.cohort = try expectName("a cohort", after: "'survive'")
        var seen = Set<Keyword>()
        while !atSeparator {
            let t = current
            if try parseEndpointClause(&s.endpoint, &seen) { continue }
            switch t.keyword {
            case .by?:
                try checkOnce(&seen, .by, t); advance()
                try parseGrouping(into: &s.grouping)
            case .at?:
                try checkOnce(&seen, .at, t); advance()
                s.times.append(try parseNumber(clause: "at"))
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
    }

    mutating func parseCompare(_ s: inout CompareStatement) throws(Abort) {
        let verb = previous!
        s.cohort = try expectName("a cohort", after: "'compare'")
        var seen = Set<Keyword>()
        while !atSeparator {
            let t = current
            if try parseEndpointClause(&s.endpoint, &seen) { continue }
            switch t.keyword {
            case .by?:
                try checkOnce(&seen, .by, t); advance()
                try parseGrouping(into: &s.grouping)
            case .strata?:
                try checkOnce(&seen, .strata, t); advance()
                s.strata = try expectName("the strata column", after: "'strata'")
            case .adjust?:
                try checkOnce(&seen, .adjust, t); advance()
                try parseNameList(into: &s.adjust, "a covariate column", after: "'adjust'")
            case .cluster?:
                try checkOnce(&seen, .cluster, t); advance()
                s.cluster = try expectName("the cluster column", after: "'cluster'")
            case .reference?:
                try checkOnce(&seen, .reference, t); advance()
                s.reference = try parseLiteral(allowBareWord: true)
            case .ties?:
                try checkOnce(&seen, .ties, t); advance()
                s.ties = try expectName("'efron' or 'breslow'", after: "'ties'")
            case nil where t.kind == .invalid && t.text == "+" && !seen.contains(.adjust):
                // R's formula habit: `by sex + age + ecog`.
                try checkOnce(&seen, .adjust, t)
                let first = t.range
                var names: [Name] = []
                while current.kind == .invalid && current.text == "+" {
                    advance()
                    names.append(try expectName("a covariate column", after: "'+'"))
                }
                let range = first.union(names.last!.range)
                let list = names.map(\.text)
                recover(.plusCovariates(list), at: first,
                        fixIts: [FixIt(message: "write 'adjust \(list.joined(separator: ", "))'", range: range,
                                       replacement: "adjust " + list.joined(separator: ", "))],
                        replacingLexer: range)
                s.adjust = names
            default:
                throw unknownClause([.by, .endpoint, .time, .event, .entry, .strata, .adjust, .cluster, .reference, .ties], statement: "compare")
            }
        }
        if s.grouping == nil {
            throw fail(.missingClause("the groups to compare: 'by GROUPING'", statement: "compare",
                                      example: "compare matched by fusion"),
                       at: SourceRange(start: verb.range.start, end: insertionPoint))
        }
    }

    mutating func parsePlot(_ s: inout PlotStatement) throws(Abort) {
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
                try parseGrouping(into: &s.grouping)
            case .to?:
                try checkOnce(&seen, .to, t); advance()
                s.path = try parseString("a quoted file name", after: "'to'")
            default:
                throw unknownClause([.by, .endpoint, .time, .event, .entry, .to], statement: "plot")
            }
        }
        if s.path == nil {
            throw fail(.missingClause("a file: 'to \"FILE.svg\"'", statement: "plot",
                                      example: "plot survival matched by fusion to \"km.svg\""),
                       at: SourceRange(start: verb.range.start, end: insertionPoint))
        }
    }

    // MARK: prevalence, associate, describe, export, set

    mutating func parsePrevalence(_ s: inout PrevalenceStatement) throws(Abort) {
        s.cohort = try expectName("a cohort", after: "'prevalence'")
        guard eat(.of) != nil else {
            throw fail(.expected("'of' and the alterations", after: "'\(s.cohort!.text)'", found: current.displayName),
                       hint: "for example: prevalence impact of fusion ALK, fusion ROS1 by cancer_type")
        }
        try parseExpression(appendingTo: &s.alterations)
        while eat(.comma) != nil { try parseExpression(appendingTo: &s.alterations) }
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
    }

    mutating func parseAssociate(_ s: inout AssociateStatement) throws(Abort) {
        s.cohort = try expectName("a cohort", after: "'associate'")
        try parseExpression(into: &s.alteration)
        guard eat(.with) != nil else {
            throw fail(.expected("'with' and the variables", after: "the alteration", found: current.displayName),
                       hint: "for example: associate impact fusion ALK with age, sex")
        }
        try parseNameList(into: &s.variables, "a column", after: "'with'")
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
    }

    mutating func parseDescribe(_ s: inout DescribeStatement) throws(Abort) {
        s.cohort = try expectName("a cohort", after: "'describe'")
    }

    mutating func parseExport(_ s: inout ExportStatement) throws(Abort) {
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
    }

    mutating func parseSet(_ s: inout SetStatement) throws(Abort) {
        s.option = try expectName("an option name", after: "'set'")
        s.value = glueHyphenated(try parseLiteral(allowBareWord: true))
    }
}
