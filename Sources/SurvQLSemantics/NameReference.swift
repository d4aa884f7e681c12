import SurvQLSyntax

/// A name in a statement together with what it stands for, found by `NameReference.all(in:)`:
/// the one walker over a statement's names that the checker, the data checks, hover and
/// semantic highlighting share (go/ast's `Inspect`).
public struct NameReference: Sendable, Hashable {
    /// What a name stands for.
    public enum Role: String, Sendable, Hashable {
        /// A cohort defined here (`as NAME`, `let NAME`).
        case cohortDefinition
        /// A cohort used here (`survive NAME`, `let x = NAME`).
        case cohortUse
        /// A clinical column of the statement's cohort.
        case column
        /// A gene in an alteration.
        case gene
        /// A protein change after `mut GENE`.
        case proteinChange
        /// A named endpoint (`endpoint os`).
        case endpoint
        /// A `set` option name.
        case option
        /// A word with a fixed set of values (`ties efron`, `method wilson`, `demo ntrk`).
        case word
    }

    public var name: Name
    public var role: Role
    /// For a gene: the alteration keyword that introduced it (`fusion`, `amp`, `mut`, ...).
    public var alteration: Keyword?

    public init(name: Name, role: Role, alteration: Keyword? = nil) {
        self.name = name
        self.role = role
        self.alteration = alteration
    }

    /// Every name of `statement`, in source order.
    public static func all(in statement: Statement) -> [NameReference] {
        var out: [NameReference] = []
        func add(_ n: Name?, _ role: Role) { if let n { out.append(NameReference(name: n, role: role)) } }
        func addAll(_ ns: [Name], _ role: Role) { for n in ns { add(n, role) } }
        func endpoint(_ e: EndpointSpec) {
            add(e.endpoint, .endpoint)
            add(e.time, .column)
            add(e.event, .column)
            add(e.entry, .column)
        }
        func grouping(_ g: Grouping?) {
            if case let .expression(e)? = g { expression(e) }
        }
        func expression(_ e: Expression) {
            switch e.kind {
            case let .column(n), let .comparison(n, _, _), let .membership(n, _, _), let .missing(n, _):
                add(n, .column)
            case let .alteration(a):
                alteration(a)
            case let .not(x):
                expression(x)
            case let .and(parts), let .or(parts):
                for p in parts { expression(p) }
            case .error:
                break
            }
        }
        func alteration(_ a: Alteration) {
            let keyword: Keyword
            switch a.kind {
            case .fusion: keyword = .fusion
            case let .copyNumber(level, _): keyword = Keyword(rawValue: level.keyword) ?? .amp
            case .mutation: keyword = .mut
            }
            for g in a.genes { out.append(NameReference(name: g, role: .gene, alteration: keyword)) }
            if case let .mutation(_, change?) = a.kind { add(change, .proteinChange) }
        }

        switch statement.kind {
        case let .load(l):
            if case let .demo(n)? = l.source { add(n, .word) }
            add(l.name, .cohortDefinition)
            add(l.idColumn, .column)
        case let .let(l):
            add(l.name, .cohortDefinition)
            add(l.source, .cohortUse)
            if let f = l.filter { expression(f) }
        case let .match(m):
            add(m.cohort, .cohortUse)
            if let t = m.treatment { expression(t) }
            addAll(m.exact, .column)
            addAll(m.covariates, .column)
            add(m.name, .cohortDefinition)
        case let .survive(s):
            add(s.cohort, .cohortUse)
            grouping(s.grouping)
            endpoint(s.endpoint)
            add(s.weight, .column)
        case let .compare(c):
            add(c.cohort, .cohortUse)
            grouping(c.grouping)
            endpoint(c.endpoint)
            add(c.strata, .column)
            addAll(c.adjust, .column)
            add(c.cluster, .column)
            add(c.ties, .word)
            let x = c.extras
            add(x.check, .word)
            add(x.weight, .column)
            add(x.within, .column)
            addAll(x.moreStrata, .column)
            if let t = x.test { add(t.name, .word) }
            // In an interaction, `fusion` stands for the groups, not a column.
            for i in x.interactions {
                for n in [i.left, i.right] where n.text.lowercased() != "fusion" { add(n, .column) }
            }
        case let .prevalence(p):
            add(p.cohort, .cohortUse)
            for a in p.alterations { expression(a) }
            add(p.by, .column)
            add(p.method, .word)
        case let .associate(a):
            add(a.cohort, .cohortUse)
            if let e = a.alteration { expression(e) }
            addAll(a.variables, .column)
            add(a.test, .word)
        case let .describe(d):
            add(d.cohort, .cohortUse)
        case let .plot(p):
            add(p.cohort, .cohortUse)
            grouping(p.grouping)
            endpoint(p.endpoint)
            addAll(p.adjust, .column)
            add(p.strata, .column)
            add(p.cluster, .column)
            add(p.within, .column)
        case let .power(p):
            add(p.cohort, .cohortUse)
            grouping(p.grouping)
            endpoint(p.endpoint)
            for o in p.options { add(o.name, .word) }
        case let .export(e):
            if case let .cohort(n)? = e.target { add(n, .cohortUse) }
        case let .set(s):
            add(s.option, .option)
        case .error:
            break
        }
        return out.sorted { $0.name.range.start < $1.name.range.start }
    }
}
