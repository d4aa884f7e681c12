/// Condition rules: `or` binds loosest, then `and`, then `not`; comparisons and alteration
/// predicates are the atoms. Nesting (parentheses and `not`) is capped at `Parser.maxDepth`;
/// `and`/`or` chains are read by loops into one flat node, so their length costs no stack.
///
/// When a rule fails it leaves what it read in `partialExpression` before the `Abort` leaves
/// it: `a > 1 and ` becomes `(and (> a 1) (error))`, the hole an empty `.error` at the point
/// where the condition stopped.
extension Parser {
    mutating func parseExpression() throws(Abort) -> Expression {
        try parseOr()
    }

    /// Parses a condition into `slot`; on an error `slot` holds the partial condition.
    mutating func parseExpression(into slot: inout Expression?) throws(Abort) {
        do {
            slot = try parseExpression()
        } catch {
            slot = takePartialExpression()
            throw error
        }
    }

    /// Parses a condition and appends it (or, on an error, the partial condition) to `list`.
    mutating func parseExpression(appendingTo list: inout [Expression]) throws(Abort) {
        var e: Expression? = nil
        defer { if let e { list.append(e) } }
        try parseExpression(into: &e)
    }

    /// The partial expression a failed rule left, or an empty hole where parsing stopped.
    mutating func takePartialExpression() -> Expression {
        defer { partialExpression = nil }
        return partialExpression ?? Expression(.error, range: holeRange)
    }

    /// Where a missing condition goes: at the start of the token the parser stopped at (the
    /// end of the line or input, so that a cursor after `survive r by ` lies on the hole).
    var holeRange: SourceRange { .at(current.range.start) }

    /// One `and`/`or` node of `terms`, or the term itself when there is one.
    func chain(_ terms: [Expression], or: Bool) -> Expression {
        if terms.count == 1 { return terms[0] }
        let range = terms[0].range.union(terms[terms.count - 1].range)
        return Expression(or ? .or(terms) : .and(terms), range: range)
    }

    mutating func parseOr() throws(Abort) -> Expression {
        var terms: [Expression] = []
        do {
            terms.append(try parseAnd())
            while eat(.or) != nil { terms.append(try parseAnd()) }
        } catch {
            partialExpression = chain(terms + [takePartialExpression()], or: true)
            throw error
        }
        return chain(terms, or: true)
    }

    mutating func parseAnd() throws(Abort) -> Expression {
        var terms: [Expression] = []
        do {
            terms.append(try parseNot())
            while eat(.and) != nil { terms.append(try parseNot()) }
        } catch {
            partialExpression = chain(terms + [takePartialExpression()], or: false)
            throw error
        }
        return chain(terms, or: false)
    }

    mutating func parseNot() throws(Abort) -> Expression {
        if let t = eat(.not) {
            let inner: Expression
            do {
                try enter()
                defer { depth -= 1 }
                inner = try parseNot()
            } catch {
                let hole = takePartialExpression()
                partialExpression = Expression(.not(hole), range: t.range.union(hole.range))
                throw error
            }
            return Expression(.not(inner), range: t.range.union(inner.range))
        }
        return try parsePrimary()
    }

    mutating func enter() throws(Abort) {
        depth += 1
        if depth > Parser.maxDepth {
            throw fail(.tooDeep)
        }
    }

    /// An atom; on an error the partial result is an `.error` node over what the atom had read
    /// (`age >`, `fusion ALK::`), or the inner partial condition of a parenthesis.
    mutating func parsePrimary() throws(Abort) -> Expression {
        let startPos = pos
        let start = current.range.start
        do {
            return try parsePrimaryUnguarded()
        } catch {
            if partialExpression == nil {
                partialExpression = Expression(.error, range: pos > startPos ? SourceRange(start: start, end: insertionPoint) : holeRange)
            }
            throw error
        }
    }

    private mutating func parsePrimaryUnguarded() throws(Abort) -> Expression {
        let t = current
        if t.kind == .leftParen {
            advance()
            try enter()
            defer { depth -= 1 }
            let inner = try parseExpression()
            guard let close = eat(.rightParen) else {
                partialExpression = Expression(inner.kind, range: t.range.union(inner.range))
                throw fail(.unclosedParen, hint: "the '(' is at \(file.location(of: t.range.start))")
            }
            return Expression(inner.kind, range: t.range.union(close.range))
        }
        if let k = t.keyword, !t.isQuotedName, Keyword.alterations.contains(k) {
            let a = try parseAlteration()
            return Expression(.alteration(a), range: a.range)
        }
        switch t.kind {
        case .identifier, .keyword:
            if atSeparator || (t.keyword != nil && !t.isQuotedName && [.and, .or, .by, .with, .ratio, .on, .as].contains(t.keyword!)) {
                throw fail(.expectedExpression(found: t.displayName))
            }
            advance()
            let column = Name(t.text, t.range)
            return try parseComparisonTail(column)
        default:
            throw fail(.expectedExpression(found: t.displayName))
        }
    }

    /// After a column: `OP VALUE`, `[not] in (...)`, `is [not] missing`, or nothing (a bare column).
    mutating func parseComparisonTail(_ column: Name) throws(Abort) -> Expression {
        let op: ComparisonOperator?
        switch current.kind {
        case .equal: op = .equal
        case .notEqual: op = .notEqual
        case .less: op = .less
        case .lessEqual: op = .lessEqual
        case .greater: op = .greater
        case .greaterEqual: op = .greaterEqual
        default: op = nil
        }
        if let op {
            advance()
            let v = try parseLiteral()
            return Expression(.comparison(column: column, op: op, value: v), range: column.range.union(v.range))
        }
        if at(.in) || (at(.not) && peek().keyword == .in) {
            let negated = eat(.not) != nil
            advance()  // in
            guard eat(.leftParen) != nil else {
                throw fail(.expected("'(' and a list of values", after: "'in'", found: current.displayName),
                           hint: "for example: cancer_type in (\"NSCLC\", \"CRC\")")
            }
            var values = [try parseLiteral()]
            while eat(.comma) != nil { values.append(try parseLiteral()) }
            guard let close = eat(.rightParen) else { throw fail(.unclosedParen) }
            return Expression(.membership(column: column, values: values, negated: negated), range: column.range.union(close.range))
        }
        if at(.is) {
            advance()
            let negated = eat(.not) != nil
            guard let m = eat(.missing) else {
                throw fail(.expected("'missing'", after: negated ? "'is not'" : "'is'", found: current.displayName),
                           hint: "for example: pd_l1 is missing, or pd_l1 is not missing")
            }
            return Expression(.missing(column: column, negated: negated), range: column.range.union(m.range))
        }
        return Expression(.column(column), range: column.range)
    }

    /// True when `t` can start a gene name.
    func startsGene(_ t: Token) -> Bool {
        t.kind == .identifier || t.kind == .string
    }

    /// A gene: a symbol, a quoted name, or a keyword spelled like a gene when an operator
    /// (`|`, `::`) follows (the gene SET, say).
    mutating func parseGene(after: String) throws(Abort) -> Name {
        let t = current
        if startsGene(t) || (t.kind == .keyword(t.keyword ?? .as) && [TokenKind.pipe, .colonColon].contains(peek().kind)) {
            advance()
            return Name(t.text, t.range)
        }
        throw fail(.expectedGene(after: after, found: t.displayName))
    }

    /// `gene { "|" gene }`.
    mutating func parseGenes(after: String) throws(Abort) -> [Name] {
        var genes = [try parseGene(after: after)]
        while eat(.pipe) != nil { genes.append(try parseGene(after: "'|'")) }
        return genes
    }

    mutating func parseAlteration() throws(Abort) -> Alteration {
        let kw = advance()
        let k = kw.keyword!
        switch k {
        case .fusion:
            if let cc = eat(.colonColon) {
                let down = try parseGenes(after: "'::'")
                return Alteration(.fusion(upstream: .any, downstream: .genes(down), ordered: true),
                                  range: kw.range.union(cc.range).union(down.last!.range))
            }
            guard startsGene(current) || (current.keyword != nil && [TokenKind.pipe, .colonColon].contains(peek().kind)) else {
                throw fail(.bareFusion, at: kw.range)
            }
            let up = try parseGenes(after: "'fusion'")
            var end = up.last!.range
            // `fusion EML4-ALK`: the partners as a hyphenated name, read as `EML4::ALK`.
            if current.kind == .minus, current.range.start == end.end, peek().kind == .identifier,
               peek().range.start == current.range.end, up.count == 1 {
                advance()
                let down = try parseGenes(after: "'-'")
                let range = up[0].range.union(down.last!.range)
                let fixed = "\(up[0].text)::" + down.map(\.text).joined(separator: "|")
                recover(.hyphenFusion(up[0].text, down[0].text), at: range,
                        fixIts: [FixIt(message: "write '\(fixed)'", range: range, replacement: fixed)])
                return Alteration(.fusion(upstream: .genes(up), downstream: .genes(down), ordered: true), range: kw.range.union(range))
            }
            if let cc = eat(.colonColon) {
                end = cc.range
                if let dash = eat(.minus) {
                    return Alteration(.fusion(upstream: .genes(up), downstream: .none, ordered: true), range: kw.range.union(dash.range))
                }
                if startsGene(current) {
                    let down = try parseGenes(after: "'::'")
                    return Alteration(.fusion(upstream: .genes(up), downstream: .genes(down), ordered: true),
                                      range: kw.range.union(down.last!.range))
                }
                return Alteration(.fusion(upstream: .genes(up), downstream: .any, ordered: true), range: kw.range.union(end))
            }
            return Alteration(.fusion(upstream: .genes(up), downstream: .any, ordered: false), range: kw.range.union(end))
        case .amp, .gain, .hetloss, .homdel:
            let level: CopyNumberLevel = k == .amp ? .amp : k == .gain ? .gain : k == .hetloss ? .hetloss : .homdel
            let genes = try parseGenes(after: "'\(kw.text)'")
            return Alteration(.copyNumber(level, genes: genes), range: kw.range.union(genes.last!.range))
        default:  // mut
            let genes = try parseGenes(after: "'\(kw.text)'")
            var protein: Name? = nil
            if startsGene(current) {
                let t = advance()
                protein = Name(t.text, t.range)
            }
            return Alteration(.mutation(genes: genes, proteinChange: protein), range: kw.range.union(protein?.range ?? genes.last!.range))
        }
    }
}
