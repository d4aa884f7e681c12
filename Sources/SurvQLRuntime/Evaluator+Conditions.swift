import SurvQLData
import SurvQLSyntax

/// Conditions (`where`, `by`, `match ... by`) evaluated over a cohort's rows with three-valued
/// logic: 1 true, 0 false, -1 unknown (a missing value). A `where` keeps the rows that are
/// true, as SQL does; `not` of unknown stays unknown.
extension Evaluator {
    /// The column a name refers to, or an unknown-column diagnostic with "did you mean".
    func column(_ name: Name, in cohort: Cohort) throws -> Column {
        if let c = cohort.table.column(named: name.text) { return c }
        let near = cohort.table.suggestions(for: name.text, limit: 2)
        let suggestion = near.isEmpty ? "" : (near.count == 1 ? "; did you mean '\(near[0])'?" : "; did you mean '\(near[0])' or '\(near[1])'?")
        var hint: String? = nil
        if near.isEmpty {
            let names = cohort.table.columnNames
            hint = "its columns are " + names.prefix(12).joined(separator: ", ") + (names.count > 12 ? ", … (\(names.count) in all; 'describe \(cohort.name)' lists them)" : "")
        }
        throw DiagnosticError(Diagnostic("run.unknownColumn", .error, "unknown column '\(name.text)' in '\(cohort.name)'\(suggestion)",
                                         file: file, range: name.range, hint: hint,
                                         fixIts: near.first.map { [FixIt(message: "replace with '\($0)'", range: name.range, replacement: $0)] } ?? []))
    }

    /// The column a bare word in a condition names; when there is none and the word looks like
    /// a gene symbol (`where ALK`), the error suggests the alteration (`where fusion ALK`).
    func columnOrAlteration(_ name: Name, in cohort: Cohort) throws -> Column {
        do {
            return try column(name, in: cohort)
        } catch var e as DiagnosticError {
            let t = name.text
            let geneLike = t.count >= 2 && t.count <= 10 && t.first!.isUppercase
                && t.allSatisfy { ($0.isASCII && $0.isUppercase) || $0.isNumber }
            guard geneLike, var d = e.diagnostics.first, d.id == "run.unknownColumn" else { throw e }
            let m = RuntimeMessages.geneAsColumn(t, cohort: cohort.name)
            d.message = m.1
            d.hint = "a bare word in a condition is a true/false column; an alteration names its kind: fusion, amp, gain, hetloss, homdel or mut"
            d.fixIts = [FixIt(message: "write 'fusion \(t)'", range: name.range, replacement: "fusion \(t)")]
            e.diagnostics[0] = d
            throw e
        }
    }

    func typeDescription(_ c: Column) -> String {
        switch c.type {
        case .integer, .number: return "numbers"
        case .boolean: return "true/false values"
        case .date: return "dates"
        case .category, .string: return "text"
        }
    }

    mutating func evaluateCondition(_ e: Expression, in cohort: Cohort) throws -> [Int8] {
        let n = cohort.count
        switch e.kind {
        case .error:
            throw error(("run.badCondition", "this condition could not be read"), e.range)
        case let .not(x):
            return try evaluateCondition(x, in: cohort).map { $0 < 0 ? -1 : 1 - $0 }
        case let .and(terms):
            // Three-valued and over a flat chain, folded in place: false wins, then unknown.
            var acc = [Int8](repeating: 1, count: n)
            for t in terms {
                let r = try evaluateCondition(t, in: cohort)
                acc.withUnsafeMutableBufferPointer { a in
                    for i in 0..<n where a[i] != 0 { a[i] = r[i] == 0 ? 0 : (a[i] == 1 && r[i] == 1 ? 1 : -1) }
                }
            }
            return acc
        case let .or(terms):
            // Three-valued or over a flat chain: true wins, then unknown.
            var acc = [Int8](repeating: 0, count: n)
            for t in terms {
                let r = try evaluateCondition(t, in: cohort)
                acc.withUnsafeMutableBufferPointer { a in
                    for i in 0..<n where a[i] != 1 { a[i] = r[i] == 1 ? 1 : (a[i] == 0 && r[i] == 0 ? 0 : -1) }
                }
            }
            return acc
        case let .alteration(a):
            return try alterationMembership(a, in: cohort).map { $0 ? 1 : 0 }
        case let .missing(name, negated):
            let c = try column(name, in: cohort)
            return (0..<n).map { i in (c.isMissing(i) != negated) ? 1 : 0 }
        case let .column(name):
            let c = try columnOrAlteration(name, in: cohort)
            guard c.type == .boolean, let v = c.numbers else {
                throw error(RuntimeMessages.notBoolean(c.name, typeDescription(c)), name.range,
                            hint: "compare it with a value, e.g. \(name.text) = \(c.type.isNumeric ? "1" : "\"...\"")")
            }
            return v.map { $0.isNaN ? -1 : ($0 != 0 ? 1 : 0) }
        case let .comparison(name, op, value):
            let c = try column(name, in: cohort)
            return try compare(c, name: name, op: op, values: [value], in: cohort)
        case let .membership(name, values, negated):
            let c = try column(name, in: cohort)
            let hit = try compare(c, name: name, op: .equal, values: values, in: cohort)
            return negated ? hit.map { $0 < 0 ? -1 : 1 - $0 } : hit
        }
    }

    /// `column op value` (or membership in several values with `.equal`).
    mutating func compare(_ c: Column, name: Name, op: ComparisonOperator, values: [Literal], in cohort: Cohort) throws -> [Int8] {
        let n = cohort.count
        switch c.storage {
        case let .numeric(v):
            var targets: [Double] = []
            for lit in values {
                switch lit.value {
                case let .number(x): targets.append(x)
                case let .bool(b) where c.type == .boolean: targets.append(b ? 1 : 0)
                case let .string(s):
                    if c.type == .date, let d = CellSyntax.date(s) { targets.append(Double(d)); continue }
                    if let x = Double(s) {
                        targets.append(x)
                        continue
                    }
                    throw error(RuntimeMessages.typeMismatch(c.name, typeDescription(c), "compare it with \(c.type == .date ? "a date such as \"2020-01-31\"" : "a number")"), lit.range)
                case .bool:
                    throw error(RuntimeMessages.typeMismatch(c.name, typeDescription(c), "compare it with a number"), lit.range)
                }
            }
            var out = [Int8](repeating: 0, count: n)
            for i in 0..<n {
                let x = v[i]
                if x.isNaN { out[i] = -1; continue }
                var hit = false
                for t in targets where Self.holds(x, op, t) { hit = true; break }
                out[i] = hit ? 1 : 0
            }
            return out
        case let .coded(codes, levels):
            // Text: equality on the level's text; ordering only when every level is numeric.
            var matchCodes = Set<Int32>()
            var numericTargets: [Double] = []
            for lit in values {
                switch lit.value {
                case let .string(s):
                    if op == .equal || op == .notEqual {
                        if let k = levels.firstIndex(of: s) {
                            matchCodes.insert(Int32(k))
                        } else {
                            let near = levels.filter { $0.lowercased() == s.lowercased() } + Suggestions.closest(to: s, in: levels, limit: 2)
                            let shown = levels.count <= 12 ? levels.map { "\"\($0)\"" }.joined(separator: ", ") : "\(levels.count) values"
                            warn(RuntimeMessages.noSuchValue(c.name, lit.spelling, shown), lit.range,
                                 hint: near.first.map { "did you mean \"\($0)\"?" })
                        }
                    } else {
                        guard let x = Double(s) else {
                            throw error(RuntimeMessages.typeMismatch(c.name, "text", "text values cannot be ordered with \(op.rawValue); use = or in (...)"), lit.range)
                        }
                        numericTargets.append(x)
                    }
                case let .number(x):
                    numericTargets.append(x)
                case let .bool(b):
                    for (k, l) in levels.enumerated() where CellSyntax.boolean(l) == b { matchCodes.insert(Int32(k)) }
                }
            }
            var levelNumbers: [Double]? = nil
            if !numericTargets.isEmpty {
                let parsed = levels.map { Double($0) }
                guard parsed.allSatisfy({ $0 != nil }) else {
                    throw error(RuntimeMessages.typeMismatch(c.name, "text", "compare it with a quoted value, e.g. \(c.name) = \"\(levels.first ?? "...")\""),
                                values.first { $0.number != nil }?.range ?? name.range)
                }
                levelNumbers = parsed.map { $0! }
            }
            var out = [Int8](repeating: 0, count: n)
            for i in 0..<n {
                let code = codes[i]
                if code < 0 { out[i] = -1; continue }
                var hit: Bool
                if op == .notEqual {
                    hit = !matchCodes.contains(code)
                    if let ln = levelNumbers { hit = hit && numericTargets.allSatisfy { ln[Int(code)] != $0 } }
                } else {
                    hit = matchCodes.contains(code)
                    if !hit, let ln = levelNumbers {
                        for t in numericTargets where Self.holds(ln[Int(code)], op, t) { hit = true; break }
                    }
                }
                out[i] = hit ? 1 : 0
            }
            return out
        }
    }

    static func holds(_ x: Double, _ op: ComparisonOperator, _ t: Double) -> Bool {
        switch op {
        case .equal: return x == t
        case .notEqual: return x != t
        case .less: return x < t
        case .lessEqual: return x <= t
        case .greater: return x > t
        case .greaterEqual: return x >= t
        }
    }

    // MARK: Alterations

    static func genes(_ names: [Name]) -> Set<String> { Set(names.map { $0.text.uppercased() }) }

    static func matcher(_ side: FusionSide) -> GeneMatcher {
        switch side {
        case .any: return .any
        case .none: return .none
        case let .genes(g): return .anyOf(genes(g))
        }
    }

    /// The alteration kind a predicate is about.
    static func kind(of a: Alteration) -> AlterationKind {
        switch a.kind {
        case .fusion: return .structuralVariant
        case .copyNumber: return .copyNumber
        case .mutation: return .mutation
        }
    }

    static func fusionQuery(_ up: FusionSide, _ down: FusionSide, _ ordered: Bool) -> FusionQuery {
        ordered ? FusionQuery(upstream: matcher(up), downstream: matcher(down))
            : FusionQuery.involving(genes(up.geneNames), partner: .any)
    }

    /// The derived `FUSION_*` columns (see `FusionAnnotation`) for a cohort made by a condition
    /// with fusion predicates outside any `not`; nil when there are none. The gene of an event is
    /// the side the predicate names (for `A::B`, the downstream gene B).
    func fusionAnnotation(_ e: Expression, for cohort: Cohort) -> [Column]? {
        var queries: [FusionQuery] = []
        var genes = Set<String>()
        func collect(_ x: Expression) {
            switch x.kind {
            case let .alteration(a):
                guard case let .fusion(up, down, ordered) = a.kind else { return }
                queries.append(Self.fusionQuery(up, down, ordered))
                let named = ordered && !down.geneNames.isEmpty ? down.geneNames : up.geneNames
                genes.formUnion(Self.genes(named))
            case let .and(terms), let .or(terms): terms.forEach(collect)
            default: break
            }
        }
        collect(e)
        guard !queries.isEmpty, !genes.isEmpty else { return nil }
        return FusionAnnotation.columns(index: cohort.dataset.alterations, rows: cohort.rows, perSample: cohort.unit == .sample,
                                        queries: queries, genes: genes)
    }

    /// The dataset rows (patients or samples, by the cohort's unit) carrying the alteration.
    func alterationRows(_ a: Alteration, in cohort: Cohort) -> RowSet {
        let index = cohort.dataset.alterations
        let perSample = cohort.unit == .sample
        switch a.kind {
        case let .fusion(up, down, ordered):
            let q = Self.fusionQuery(up, down, ordered)
            return perSample ? index.samples(matching: q) : index.patients(matching: q)
        case let .copyNumber(level, genes):
            let l: CNALevel
            switch level {
            case .amp: l = .amp
            case .gain: l = .gain
            case .hetloss: l = .hetloss
            case .homdel: l = .homdel
            }
            let q = CNAQuery(genes: Self.genes(genes), levels: [l])
            return perSample ? index.samples(matching: q) : index.patients(matching: q)
        case let .mutation(genes, protein):
            let q = MutationQuery(genes: Self.genes(genes), proteinChange: protein?.text)
            return perSample ? index.samples(matching: q) : index.patients(matching: q)
        }
    }

    /// For each cohort row, whether it carries the alteration. Rows not profiled for the
    /// alteration's kind count as not carrying it here (a `where` keeps only positives);
    /// groupings leave them out instead (see `profiledRows`).
    mutating func alterationMembership(_ a: Alteration, in cohort: Cohort) throws -> [Bool] {
        try checkGenes(a, in: cohort)
        let set = alterationRows(a, in: cohort)
        let index = cohort.dataset.alterations
        if index.profiles[Self.kind(of: a)] == nil && set.isEmpty {
            let what = Self.kind(of: a) == .structuralVariant ? "structural variants" : Self.kind(of: a) == .copyNumber ? "copy-number alterations" : "mutations"
            warn("run.noAlterationData", "'\(cohort.name)' has no \(what) data, so no patient carries '\(text(a.range))'", a.range)
        }
        if case .fusion(let up, let down, true) = a.kind {
            let unknown = index.unknownOrientationRows(matching: Self.fusionQuery(up, down, true), perSample: cohort.unit == .sample)
            let n = cohort.rows.reduce(0) { $0 + (unknown.contains(Int($1)) && !set.contains(Int($1)) ? 1 : 0) }
            if n > 0 {
                let genes = a.genes.map { $0.text.uppercased() }.joined(separator: " and ")
                warn(RuntimeMessages.unknownOrientationNotCounted(n, cohort.unit.rawValue, text(a.range), genes), a.range,
                     hint: "'fusion \(a.genes.first?.text ?? "GENE")' counts fusions of either orientation")
            }
        }
        return cohort.rows.map { set.contains(Int($0)) }
    }

    /// A gene that no record of the study names and no gene panel covers is an error (with
    /// "did you mean" over the study's genes); one the study knows but that no record of the
    /// alteration's kind names gets a note. Studies with no alteration records and no panel
    /// gene lists (flat tables) are left to the "no data" warning.
    mutating func checkGenes(_ a: Alteration, in cohort: Cohort) throws {
        let index = cohort.dataset.alterations
        let kind = Self.kind(of: a)
        var known: Set<String>? = nil
        for name in a.genes {
            let g = name.text.uppercased()
            if index.names(g, kind: kind) { continue }
            if !index.knows(g) {
                let all = known ?? index.knownGenes
                known = all
                guard !all.isEmpty else { return }
                throw error(RuntimeMessages.unknownGene(name.text, Suggestions.didYouMean(g, in: all.sorted())), name.range,
                            hint: "gene names are HGNC symbols as the study writes them")
            }
            if index.profiles[kind] != nil {
                let what = kind == .structuralVariant ? "structural-variant" : kind == .copyNumber ? "copy-number" : "mutation"
                let m = RuntimeMessages.geneNeverAltered(g, what, panels: index.panelsCover(g))
                warnings.append(Diagnostic(m.id, .note, m.text, file: file, range: name.range))
            }
        }
    }

    /// Whether each cohort row was profiled for every alteration the expression uses: tested for
    /// the alteration's kind (the gene panel matrix or case lists decide) and, when the panel's
    /// gene list is known, with a panel covering at least one of the named genes. True when the
    /// dataset does not say. Callers count a row that carries the alteration as profiled whatever
    /// the matrix says.
    func profiledRows(_ e: Expression, in cohort: Cohort) -> [Bool] {
        var wanted: [(AlterationKind, [String])] = []
        func collect(_ x: Expression) {
            switch x.kind {
            case let .alteration(a): wanted.append((Self.kind(of: a), a.genes.map { $0.text.uppercased() }))
            case let .not(y): collect(y)
            case let .and(terms), let .or(terms): terms.forEach(collect)
            default: break
            }
        }
        collect(e)
        let index = cohort.dataset.alterations
        var ok = [Bool](repeating: true, count: cohort.count)
        var done = Set<String>()
        for (kind, genes) in wanted {
            guard index.profiles[kind] != nil else { continue }
            let geneLevel = !index.panelGenes.isEmpty && !genes.isEmpty
            guard done.insert(kind.rawValue + (geneLevel ? ":" + genes.sorted().joined(separator: "|") : "")).inserted else { continue }
            var set: RowSet
            if geneLevel {
                set = RowSet(universe: cohort.unit == .sample ? index.sampleCount : index.patientCount)
                for g in genes {
                    set = set.union(cohort.unit == .sample ? index.profiledSamples(kind, gene: g) : index.profiledPatients(kind, gene: g))
                }
            } else {
                set = cohort.unit == .sample ? index.profiledSamples(kind) : index.profiledPatients(kind)
            }
            for (i, r) in cohort.rows.enumerated() where !set.contains(Int(r)) { ok[i] = false }
        }
        return ok
    }
}

extension FusionSide {
    var geneNames: [Name] {
        if case let .genes(g) = self { return g }
        return []
    }
}
