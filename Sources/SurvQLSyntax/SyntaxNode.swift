/// A node of the syntax tree, as the one walker sees it: a statement, a condition, a name (a
/// cohort, column, gene, option) or a literal value. Completion, hover and the formatter find
/// what lies under a byte offset with `Script.node(at:)` instead of writing their own recursion.
public enum SyntaxNode: Sendable {
    case statement(Statement)
    case expression(Expression)
    case name(Name)
    case literal(Literal)

    /// The node's byte range in its file.
    public var range: SourceRange {
        switch self {
        case let .statement(s): return s.range
        case let .expression(e): return e.range
        case let .name(n): return n.range
        case let .literal(l): return l.range
        }
    }

    /// The direct children, in source order. `and`/`or` chains give their terms (one level, so
    /// a walk costs no stack per term); an alteration gives its genes and protein change.
    public var children: [SyntaxNode] {
        var out: [SyntaxNode] = []
        switch self {
        case let .statement(s): out = s.childNodes
        case let .expression(e):
            switch e.kind {
            case let .column(n): out = [.name(n)]
            case let .comparison(c, _, v): out = [.name(c), .literal(v)]
            case let .membership(c, vs, _): out = [.name(c)] + vs.map { .literal($0) }
            case let .missing(c, _): out = [.name(c)]
            case let .alteration(a):
                out = a.genes.map { .name($0) }
                if case let .mutation(_, p?) = a.kind { out.append(.name(p)) }
            case .not, .and, .or: out = e.subexpressions.map { .expression($0) }
            case .error: out = []
            }
        case .name, .literal: return []
        }
        return out.sorted { $0.range.start < $1.range.start }
    }

    /// The innermost node under `offset` within this one (this node when no child covers it).
    /// A node covers the offsets of its range and the offset just after it (a cursor at the end of
    /// a word); where two nodes touch, the one that starts at the offset wins.
    public func innermost(at offset: Int) -> SyntaxNode {
        var node = self
        while true {
            let kids = node.children
            guard let next = SyntaxNode.pick(kids, at: offset) else { return node }
            node = next
        }
    }

    /// The node in `nodes` (sorted by start) covering `offset`, preferring one that starts at or
    /// before it and ends after it.
    static func pick(_ nodes: [SyntaxNode], at offset: Int) -> SyntaxNode? {
        var lo = 0, hi = nodes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if nodes[mid].range.start <= offset { lo = mid + 1 } else { hi = mid }
        }
        // nodes[lo - 1] is the last node starting at or before offset.
        var k = lo - 1
        var touching: SyntaxNode? = nil
        while k >= 0 {
            let r = nodes[k].range
            if r.start <= offset && offset < r.end { return nodes[k] }
            if r.end == offset && touching == nil { touching = nodes[k] }
            if r.end < offset { break }
            k -= 1
        }
        return touching
    }
}

extension Statement {
    /// The statement's names, conditions and literals, in any order (`SyntaxNode.children`
    /// sorts them).
    var childNodes: [SyntaxNode] {
        var out: [SyntaxNode] = []
        func n(_ x: Name?) { if let x { out.append(.name(x)) } }
        func l(_ x: Literal?) { if let x { out.append(.literal(x)) } }
        func e(_ x: Expression?) { if let x { out.append(.expression(x)) } }
        func g(_ x: Grouping?) { if case let .expression(x)? = x { out.append(.expression(x)) } }
        func ep(_ x: EndpointSpec) { n(x.endpoint); n(x.time); n(x.event); n(x.entry) }
        switch kind {
        case let .load(s):
            switch s.source {
            case let .path(p, r)?: out.append(.literal(Literal(value: .string(p), spelling: "\"\(p)\"", range: r)))
            case let .demo(d)?: n(d)
            case nil: break
            }
            n(s.name); n(s.idColumn)
        case let .let(s): n(s.name); n(s.source); e(s.filter)
        case let .match(s):
            n(s.cohort); e(s.treatment); l(s.ratio); s.exact.forEach { n($0) }; s.covariates.forEach { n($0) }
            l(s.caliper); l(s.seed); n(s.name)
        case let .survive(s):
            n(s.cohort); g(s.grouping); ep(s.endpoint); s.times.forEach { l($0) }; l(s.every); l(s.rmean); n(s.weight)
        case let .compare(s):
            n(s.cohort); g(s.grouping); ep(s.endpoint); n(s.strata); s.adjust.forEach { n($0) }; n(s.cluster)
            l(s.reference); n(s.ties)
            let x = s.extras
            n(x.check); l(x.rmst); n(x.weight); n(x.within); x.moreStrata.forEach { n($0) }
            x.references.values.forEach { l($0) }
            x.interactions.forEach { n($0.left); n($0.right) }
            if let t = x.test { n(t.name); l(t.rho); l(t.gamma) }
        case let .prevalence(s): n(s.cohort); s.alterations.forEach { e($0) }; n(s.by); n(s.method)
        case let .associate(s): n(s.cohort); e(s.alteration); s.variables.forEach { n($0) }; n(s.test)
        case let .describe(s): n(s.cohort)
        case let .plot(s):
            n(s.cohort); g(s.grouping); ep(s.endpoint); s.adjust.forEach { n($0) }; n(s.strata); n(s.cluster)
            l(s.reference); n(s.within); l(s.path)
        case let .power(s):
            n(s.cohort); g(s.grouping); ep(s.endpoint); s.options.forEach { n($0.name); l($0.value) }
        case let .export(s):
            if case let .cohort(c)? = s.target { n(c) }
            l(s.path)
        case let .set(s): n(s.option); l(s.value)
        case .error: break
        }
        return out
    }
}

extension Script {
    /// The statement whose range covers `offset` (its end included, for a cursor just after
    /// the last word), or nil between statements.
    public func statement(at offset: Int) -> Statement? {
        guard case let .statement(s)? = SyntaxNode.pick(statements.map { .statement($0) }, at: offset) else { return nil }
        return s
    }

    /// The innermost node under `offset`: a name, literal or condition inside a statement, or
    /// the statement itself; nil between statements.
    public func node(at offset: Int) -> SyntaxNode? {
        guard let s = statement(at: offset) else { return nil }
        return SyntaxNode.statement(s).innermost(at: offset)
    }

    /// The token under `offset` (comments included), or the token just before a cursor that
    /// touches its end; nil in whitespace. Lexes the file again: cheap for the sizes an editor
    /// holds (a 1,000-line file lexes in well under a millisecond).
    public func token(at offset: Int) -> Token? {
        let tokens = Lexer.tokenize(file, includeComments: true).tokens
        return Lexer.tokenIndex(in: tokens, at: offset).map { tokens[$0] }
    }
}
