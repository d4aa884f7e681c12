/// A compact, stable S-expression rendering of the tree, for tests and `survql parse --dump`.
extension Script {
    public func dump() -> String {
        statements.map { $0.dump() }.joined(separator: "\n")
    }
}

extension Statement {
    /// The statement as an S-expression; a partial statement (`hasError`) ends with ` !`.
    public func dump() -> String {
        if hasError, !isErrorKind { return dumpKind() + " !" }
        return dumpKind()
    }

    var isErrorKind: Bool {
        if case .error = kind { return true }
        return false
    }

    private func dumpKind() -> String {
        func n(_ x: Name?) -> String { x.map { $0.text } ?? "_" }
        func list(_ xs: [Name]) -> String { "[" + xs.map(\.text).joined(separator: " ") + "]" }
        func ep(_ e: EndpointSpec) -> String {
            var parts: [String] = []
            if let x = e.endpoint { parts.append("endpoint=\(x.text)") }
            if let x = e.time { parts.append("time=\(x.text)") }
            if let x = e.event { parts.append("event=\(x.text)") }
            if let x = e.entry { parts.append("entry=\(x.text)") }
            return parts.isEmpty ? "" : " " + parts.joined(separator: " ")
        }
        func g(_ x: Grouping?) -> String {
            switch x {
            case .definingAlteration?: return " by=fusion"
            case let .expression(e)?: return " by=" + e.dump()
            case nil: return ""
            }
        }
        switch kind {
        case let .load(l):
            let src: String
            switch l.source {
            case let .path(p, _)?: src = "\"\(p)\""
            case let .demo(d)?: src = "demo:\(d.text)"
            case nil: src = "_"
            }
            return "(load \(src) as=\(n(l.name))" + (l.idColumn.map { " id=\($0.text)" } ?? "") + (l.perSample ? " per=sample" : "") + ")"
        case let .let(l):
            return "(let \(n(l.name)) \(n(l.source))" + (l.filter.map { " " + $0.dump() } ?? "") + ")"
        case let .match(m):
            var s = "(match \(n(m.cohort)) " + (m.treatment?.dump() ?? "_")
            if let r = m.ratio { s += " ratio=\(r.spelling)" }
            if !m.exact.isEmpty { s += " exact=\(list(m.exact))" }
            s += " on=\(list(m.covariates))"
            if let c = m.caliper { s += " caliper=\(c.spelling)" }
            if let c = m.seed { s += " seed=\(c.spelling)" }
            if m.withReplacement { s += " replace" }
            return s + " as=\(n(m.name)))"
        case let .survive(v):
            var s = "(survive \(n(v.cohort))" + g(v.grouping) + ep(v.endpoint)
            if !v.times.isEmpty { s += " at=[" + v.times.map(\.spelling).joined(separator: " ") + "]" }
            if let e = v.every { s += " every=\(e.spelling)" }
            if let r = v.rmean { s += " rmean=\(r.spelling)" }
            return s + ")"
        case let .compare(c):
            var s = "(compare \(n(c.cohort))" + g(c.grouping) + ep(c.endpoint)
            if let x = c.strata { s += " strata=\(x.text)" }
            if !c.adjust.isEmpty { s += " adjust=\(list(c.adjust))" }
            if let x = c.cluster { s += " cluster=\(x.text)" }
            if let x = c.reference { s += " reference=\(x.spelling)" }
            if let x = c.ties { s += " ties=\(x.text)" }
            return s + ")"
        case let .prevalence(p):
            return "(prevalence \(n(p.cohort)) [" + p.alterations.map { $0.dump() }.joined(separator: " ") + "]"
                + (p.by.map { " by=\($0.text)" } ?? "") + (p.method.map { " method=\($0.text)" } ?? "") + ")"
        case let .associate(a):
            return "(associate \(n(a.cohort)) " + (a.alteration?.dump() ?? "_") + " with=\(list(a.variables))"
                + (a.test.map { " test=\($0.text)" } ?? "") + ")"
        case let .describe(d):
            return "(describe \(n(d.cohort)))"
        case let .plot(p):
            return "(plot \(n(p.cohort))" + g(p.grouping) + ep(p.endpoint) + " to=\(p.path?.spelling ?? "_"))"
        case let .export(e):
            let target: String
            switch e.target {
            case .last?: target = "last"
            case let .cohort(c)?: target = c.text
            case nil: target = "_"
            }
            return "(export \(target) to=\(e.path?.spelling ?? "_"))"
        case let .set(s):
            return "(set \(n(s.option)) \(s.value?.spelling ?? "_"))"
        case .error:
            return "(error)"
        }
    }

}

extension Expression {
    public func dump() -> String {
        switch kind {
        case let .column(c): return c.text
        case let .comparison(c, op, v): return "(\(op.rawValue) \(c.text) \(v.spelling))"
        case let .membership(c, vs, neg): return "(\(neg ? "not-in" : "in") \(c.text) " + vs.map(\.spelling).joined(separator: " ") + ")"
        case let .missing(c, neg): return "(\(neg ? "not-missing" : "missing") \(c.text))"
        case let .alteration(a): return a.dump()
        case let .not(e): return "(not \(e.dump()))"
        case let .and(terms): return "(and " + terms.map { $0.dump() }.joined(separator: " ") + ")"
        case let .or(terms): return "(or " + terms.map { $0.dump() }.joined(separator: " ") + ")"
        case .error: return "(error)"
        }
    }
}

extension Alteration {
    public func dump() -> String {
        func side(_ s: FusionSide) -> String {
            switch s {
            case .any: return "*"
            case .none: return "-"
            case let .genes(g): return g.map(\.text).joined(separator: "|")
            }
        }
        switch kind {
        case let .fusion(up, down, ordered):
            return ordered ? "(fusion \(side(up))::\(side(down)))" : "(fusion \(side(up)))"
        case let .copyNumber(level, genes):
            return "(\(level.keyword) " + genes.map(\.text).joined(separator: "|") + ")"
        case let .mutation(genes, p):
            return "(mut " + genes.map(\.text).joined(separator: "|") + (p.map { " \($0.text)" } ?? "") + ")"
        }
    }
}
