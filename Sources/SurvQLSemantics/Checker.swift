import SurvQLSyntax

/// What the checker knows about a cohort name.
public struct CohortFacts: Sendable {
    /// Where it was defined (nil for a cohort from an earlier REPL entry or editor state).
    public var definedAt: SourceRange?
    /// True when it is known to carry a defining alteration (`by fusion` alone works);
    /// false when known not to; nil when unknown.
    public var hasDefiningAlteration: Bool?
    public init(definedAt: SourceRange? = nil, hasDefiningAlteration: Bool? = nil) {
        self.definedAt = definedAt
        self.hasDefiningAlteration = hasDefiningAlteration
    }
}

/// The semantic checker: everything that can be known without data.
///
/// It walks the statements in order, tracking the cohorts each defines, and reports
/// undefined or duplicate cohort names, a verb given the wrong kind of argument
/// (a clinical condition to `prevalence`, `ratio 2.5`), unknown `set` options and values,
/// incomplete endpoints, and `export last` with nothing before it. Broken statements
/// (`.error`) and error expressions were reported by the parser and are skipped.
public struct Checker {
    public private(set) var cohorts: [String: CohortFacts]
    public private(set) var diagnostics: [Diagnostic] = []
    private var file: SourceFile
    private var hasResult: Bool
    /// Names defined in this source (duplicates are errors only within one source: a REPL
    /// session may redefine a cohort from an earlier entry).
    private var definedHere: [String: SourceRange] = [:]
    /// Every cohort definition and use seen so far (go/types' `Info.Defs` and `Info.Uses`).
    public private(set) var symbols = SymbolTable()
    /// The index in `symbols.definitions` of each name's latest definition in this source.
    private var lastDefinition: [String: Int] = [:]
    /// The index of the statement being checked, and its range.
    private var statementIndex = -1
    private var statementRange = SourceRange.at(0)

    /// - Parameters:
    ///   - known: cohorts that exist before this source (a REPL session, an editor's state).
    ///   - hasResult: whether a result exists already (for `export last`).
    public init(file: SourceFile, known: [String: CohortFacts] = [:], hasResult: Bool = false) {
        self.file = file
        self.cohorts = known
        self.hasResult = hasResult
    }

    /// Checks a parsed script and returns the checker's diagnostics.
    public static func check(_ script: Script, known: [String: CohortFacts] = [:], hasResult: Bool = false) -> [Diagnostic] {
        analyze(script, known: known, hasResult: hasResult).diagnostics
    }

    /// Checks a parsed script and returns the diagnostics with the cohort definitions and uses.
    public static func analyze(_ script: Script, known: [String: CohortFacts] = [:], hasResult: Bool = false)
        -> (diagnostics: [Diagnostic], symbols: SymbolTable) {
        var c = Checker(file: script.file, known: known, hasResult: hasResult)
        for s in script.statements { c.check(s) }
        return (c.diagnostics, c.symbols)
    }

    mutating func error(_ m: (String, String), _ range: SourceRange, hint: String? = nil, notes: [DiagnosticNote] = [], fixIts: [FixIt] = []) {
        diagnostics.append(Diagnostic(m.0, .error, m.1, file: file, range: range, hint: hint, notes: notes, fixIts: fixIts))
    }

    private mutating func warning(_ m: (String, String), _ range: SourceRange, hint: String? = nil) {
        diagnostics.append(Diagnostic(m.0, .warning, m.1, file: file, range: range, hint: hint))
    }

    // MARK: Names

    mutating func use(_ name: Name?) {
        guard let name else { return }
        let definition = lastDefinition[name.text]
        symbols.uses.append(CohortUse(name: name.text, range: name.range, definition: definition))
        if cohorts[name.text] != nil { return }
        let suggestion = Suggestions.closest(to: name.text, in: cohorts.keys.sorted(), limit: 1).first
        let msg = CheckerMessages.unknownCohort(name.text, suggestion: suggestion.map { "; did you mean '\($0)'?" } ?? "")
        let hint = cohorts.isEmpty ? "define it first with 'load ... as \(name.text)' or 'let \(name.text) = ...'" : nil
        error(msg, name.range, hint: hint,
              fixIts: suggestion.map { [FixIt(message: "replace with '\($0)'", range: name.range, replacement: $0)] } ?? [])
    }

    private mutating func define(_ name: Name?, hasDefiningAlteration: Bool?, kind: CohortDefinition.Kind, origin: String,
                                 parent: String? = nil, source: CohortDefinition.Source? = nil, idColumn: String? = nil,
                                 perSample: Bool = false) {
        guard let name else { return }
        if let first = definedHere[name.text] {
            error(CheckerMessages.duplicateCohort(name.text), name.range,
                  hint: "choose another name",
                  notes: [DiagnosticNote(message: "'\(name.text)' was first defined here", location: .source(file, first))])
            return
        }
        definedHere[name.text] = name.range
        lastDefinition[name.text] = symbols.definitions.count
        symbols.definitions.append(CohortDefinition(
            name: name.text, kind: kind, nameRange: name.range, statementRange: statementRange, statementIndex: statementIndex,
            origin: origin, parent: parent, source: source, idColumn: idColumn, perSample: perSample))
        cohorts[name.text] = CohortFacts(definedAt: name.range, hasDefiningAlteration: hasDefiningAlteration)
    }

    // MARK: Statements

    public mutating func check(_ s: Statement) {
        statementIndex += 1
        statementRange = s.range
        // A statement with a syntax error was reported by the parser; its partial tree defines
        // nothing and is not checked (as before partial trees), but its cohort uses are recorded
        // so references and renames see the statement being typed.
        if s.hasError {
            for r in NameReference.all(in: s) where r.role == .cohortUse {
                let definition = lastDefinition[r.name.text]
                symbols.uses.append(CohortUse(name: r.name.text, range: r.name.range, definition: definition))
            }
            return
        }
        switch s.kind {
        case let .load(l):
            if case let .demo(n)? = l.source, !LanguageFacts.demoNames.contains(n.text.lowercased()) {
                error(CheckerMessages.unknownDemo(n.text), n.range, hint: "built-in demo data sets: " + LanguageFacts.demoNames.joined(separator: ", "))
            }
            // A demo cohort's rows carry no defining alteration; nothing is known about files.
            var source: CohortDefinition.Source? = nil
            var origin = "load"
            switch l.source {
            case let .path(p, r)?: source = .path(p); origin = "load " + file.text(in: r)
            case let .demo(n)?: source = .demo(n.text); origin = "load demo " + n.text
            case nil: break
            }
            define(l.name, hasDefiningAlteration: false, kind: .loaded, origin: origin, source: source,
                   idColumn: l.idColumn?.text, perSample: l.perSample)
        case let .let(l):
            use(l.source)
            if let f = l.filter { checkCondition(f) }
            let inherited = l.source.flatMap { cohorts[$0.text]?.hasDefiningAlteration }
            let own = l.filter?.containsAlteration == true ? true : nil
            let originEnd = l.filter?.range.end ?? l.source?.range.end
            let origin = l.source.map { file.text(in: SourceRange(start: $0.range.start, end: max($0.range.end, originEnd ?? 0))) } ?? ""
            define(l.name, hasDefiningAlteration: own ?? inherited, kind: .defined, origin: origin, parent: l.source?.text)
        case let .match(m):
            use(m.cohort)
            if let t = m.treatment { checkCondition(t) }
            if let r = m.ratio, let v = r.number, !(v >= 1 && v == v.rounded() && v <= 1000) {
                error(CheckerMessages.badNumber("ratio", "a whole number of controls per treated patient, from 1 to 1000"), r.range)
            }
            if let c = m.caliper, let v = c.number, !(v > 0 && v.isFinite) {
                error(CheckerMessages.badNumber("caliper", "a positive number of standard deviations of the propensity score"), c.range)
            }
            checkSeed(m.seed)
            checkDuplicates(m.covariates)
            checkDuplicates(m.exact)
            let originEnd = m.treatment?.range.end ?? m.cohort?.range.end ?? s.range.start
            let origin = "match " + file.text(in: SourceRange(start: m.cohort?.range.start ?? s.range.start, end: originEnd))
            define(m.name, hasDefiningAlteration: m.treatment != nil, kind: .matched, origin: origin, parent: m.cohort?.text)
            hasResult = true
        case let .survive(v):
            use(v.cohort)
            checkGrouping(v.grouping, cohort: v.cohort)
            checkEndpoint(v.endpoint)
            for t in v.times { if let x = t.number, !(x >= 0 && x.isFinite) { error(CheckerMessages.badNumber("at", "times of zero or more"), t.range) } }
            if let e = v.every, let x = e.number, !(x > 0 && x.isFinite) { error(CheckerMessages.badNumber("every", "a positive time step"), e.range) }
            if let r = v.rmean, let x = r.number, !(x > 0 && x.isFinite) { error(CheckerMessages.badNumber("rmean", "a positive time horizon"), r.range) }
            hasResult = true
        case let .compare(c):
            use(c.cohort)
            checkGrouping(c.grouping, cohort: c.cohort)
            checkEndpoint(c.endpoint)
            checkDuplicates(c.adjust)
            if let t = c.ties, !LanguageFacts.tiesMethods.contains(t.text.lowercased()) {
                error(CheckerMessages.badWord("ties method", t.text, LanguageFacts.tiesMethods), t.range)
            }
            checkCompareExtras(c.extras)
            hasResult = true
        case let .prevalence(p):
            use(p.cohort)
            for a in p.alterations {
                checkCondition(a)
                if !a.hasError && !isAlterationOnly(a) { error(CheckerMessages.notAnAlteration("prevalence"), a.range) }
            }
            if let m = p.method, !LanguageFacts.prevalenceMethods.contains(m.text.lowercased()) {
                error(CheckerMessages.badWord("interval method", m.text, LanguageFacts.prevalenceMethods), m.range)
            }
            hasResult = true
        case let .associate(a):
            use(a.cohort)
            if let e = a.alteration {
                checkCondition(e)
                var isColumn = false
                if case .column = e.kind { isColumn = true }
                if !e.hasError && !e.containsAlteration && !isColumn {
                    error(CheckerMessages.notAnAlteration("associate", orColumn: true), e.range)
                }
            }
            checkDuplicates(a.variables)
            if let t = a.test, !LanguageFacts.associationTests.contains(t.text.lowercased()) {
                error(CheckerMessages.badWord("test", t.text, LanguageFacts.associationTests), t.range)
            }
            hasResult = true
        case let .describe(d):
            use(d.cohort)
            hasResult = true
        case let .plot(p):
            use(p.cohort)
            checkGrouping(p.grouping, cohort: p.cohort)
            checkEndpoint(p.endpoint)
            checkDuplicates(p.adjust)
            for problem in PlotOptionRules.problems(p) { error((problem.id, problem.text), problem.range, hint: problem.hint) }
            if let path = p.path?.string, let r = p.path?.range, !path.contains("${"), LanguageFacts.plotFormat(of: path) == nil {
                error(CheckerMessages.plotFormat, r, hint: LanguageFacts.plotFormatHint)
            }
            if p.kind == .forest && p.grouping == nil, let r = p.kindRange {
                error(CheckerMessages.forestNeedsGroups, r, hint: "for example: plot forest rwd by fusion NTRK1|NTRK2|NTRK3 adjust age to \"forest.svg\"")
            }
            if p.kind != .forest, let w = p.within {
                error(CheckerMessages.withinOnlyForest, w.range, hint: "subgroup hazard ratios are drawn by: plot forest COHORT by GROUPING within \(w.text) to \"forest.svg\"")
            }
            if p.kind == .balance, let g = p.grouping {
                error(CheckerMessages.balanceTakesNoGroups, g.range, hint: "the groups are the match's treated and controls: plot balance matched to \"balance.svg\"")
            }
            hasResult = true
        case let .export(e):
            switch e.target {
            case let .last(r)?:
                if !hasResult { error(CheckerMessages.nothingToExport, r, hint: "run survive, compare, describe, ... first") }
            case let .cohort(n)?:
                use(n)
            case nil: break
            }
            if let path = e.path?.string, let r = e.path?.range {
                let lower = path.lowercased()
                // `-` (standard output) and devices take no extension.
                if !(lower.hasSuffix(".json") || lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") || lower.hasSuffix(".jsonl"))
                    && path != "-" && !path.hasPrefix("/dev/") {
                    warning(CheckerMessages.fileExtension("export", ".json, .csv or .tsv"), r)
                }
            }
        case let .set(s):
            checkSet(s)
        case let .power(p):
            checkPower(p)
            hasResult = true
        case .error:
            break
        }
    }

    private mutating func checkSeed(_ seed: Literal?) {
        if let s = seed, let v = s.number, !(v >= 0 && v == v.rounded() && v < 9.0e15) {
            error(CheckerMessages.badNumber("seed", "a whole number of zero or more"), s.range)
        }
    }

    private mutating func checkDuplicates(_ names: [Name]) {
        var seen = Set<String>()
        for n in names {
            if !seen.insert(n.text.lowercased()).inserted { warning(CheckerMessages.duplicateColumn(n.text), n.range) }
        }
    }

    mutating func checkEndpoint(_ e: EndpointSpec) {
        if let ep = e.endpoint, e.time != nil || e.event != nil {
            error(CheckerMessages.endpointAndColumns, ep.range)
        } else if let t = e.time, e.event == nil {
            error(CheckerMessages.timeWithoutEvent, t.range, hint: "for example: time os_months event os_status")
        } else if let ev = e.event, e.time == nil {
            error(CheckerMessages.eventWithoutTime, ev.range, hint: "for example: time os_months event os_status")
        }
    }

    mutating func checkGrouping(_ g: Grouping?, cohort: Name?) {
        switch g {
        case let .definingAlteration(r)?:
            if let c = cohort, cohorts[c.text]?.hasDefiningAlteration == false {
                error(CheckerMessages.noDefiningAlteration(c.text), r, hint: "name the genes: by fusion NTRK1|NTRK2|NTRK3")
            }
        case let .expression(e)?:
            checkCondition(e)
        case nil:
            break
        }
    }

    private mutating func checkCondition(_ e: Expression) {
        // Comparisons are checked against data at run time; nothing more is known here.
        _ = e
    }

    /// True when the expression combines only alteration predicates (with and/or/not).
    private func isAlterationOnly(_ e: Expression) -> Bool {
        switch e.kind {
        case .alteration: return true
        case let .not(x): return isAlterationOnly(x)
        case let .and(terms), let .or(terms): return terms.allSatisfy { isAlterationOnly($0) }
        default: return false
        }
    }

    private mutating func checkSet(_ s: SetStatement) {
        guard let opt = s.option else { return }
        let name = opt.text.lowercased()
        guard let option = LanguageFacts.setOptions.first(where: { $0.name == name }) else {
            let all = LanguageFacts.setOptions.map(\.name)
            let suggestion = Suggestions.closest(to: opt.text, in: all, limit: 1).first
            error(CheckerMessages.unknownOption(opt.text, suggestion: suggestion.map { "; did you mean '\($0)'?" } ?? ""), opt.range,
                  hint: "options: " + all.joined(separator: ", "),
                  fixIts: suggestion.map { [FixIt(message: "replace with '\($0)'", range: opt.range, replacement: $0)] } ?? [])
            return
        }
        guard let v = s.value else { return }
        switch name {
        case "confidence":
            if let x = v.number, x > 0, x < 1 { return }
            if let x = v.number, x > 1, x < 100 {
                error(CheckerMessages.badOptionValue("confidence", "a level between 0 and 1"), v.range,
                      fixIts: [FixIt(message: "write it as a proportion", range: v.range, replacement: String(x / 100))])
                return
            }
            error(CheckerMessages.badOptionValue("confidence", "a level between 0 and 1, such as 0.95"), v.range)
        case "plot_dpi":
            if let x = v.number, x >= 36, x <= 1200 { return }
            error(CheckerMessages.badOptionValue("plot_dpi", "a resolution between 36 and 1200 dots per inch, such as 300"), v.range)
        case "threads":
            if let x = v.number, x >= 1, x <= Double(LanguageFacts.maxThreads), x == x.rounded() { return }
            error(CheckerMessages.badOptionValue("threads", LanguageFacts.threadsExpectation), v.range)
        case "seed":
            if v.number == nil { error(CheckerMessages.badOptionValue("seed", "a whole number"), v.range) } else { checkSeed(v) }
        default:
            if let words = option.allowedWords {
                let word = v.string?.lowercased() ?? v.spelling
                if !words.contains(word) {
                    error(CheckerMessages.badOptionValue(option.name, "one of " + words.joined(separator: ", ")), v.range)
                }
            }
        }
    }
}
