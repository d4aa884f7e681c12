import SurvQLSemantics
import SurvQLSyntax

/// Hover at a byte offset: a verb or clause keyword gives its documentation; a cohort where it
/// was defined and its size; a column its type, missingness and summary; a gene its counts.
struct HoverEngine {
    let document: AnalysisDocument
    let offset: Int

    func hover() -> HoverInfo? {
        let tokens = document.tokens(around: offset).tokens
        guard let i = tokens.firstIndex(where: { $0.range.start <= offset && offset < $0.range.end })
                ?? tokens.firstIndex(where: { $0.range.end == offset && ($0.kind == .identifier || $0.keyword != nil) }) else { return nil }
        let t = tokens[i]
        guard t.kind == .identifier || t.keyword != nil else { return nil }
        // A name the parser placed in a statement.
        if let s = document.statement(at: offset), let ref = NameReference.all(in: s).first(where: { $0.name.range == t.range }) {
            let cohort = DataChecker.cohortName(of: s)?.text
            switch ref.role {
            case .cohortDefinition, .cohortUse: return cohortHover(ref.name.text, at: t.range, statementStart: s.range.start)
            case .column: return columnHover(ref.name.text, cohort: cohort, at: t.range, statementStart: s.range.start)
            case .gene: return geneHover(ref.name.text, cohort: cohort, at: t.range, statementStart: s.range.start)
            case .option:
                if let o = LanguageFacts.setOptions.first(where: { $0.name == ref.name.text.lowercased() }) {
                    return HoverInfo(markdown: "`set \(o.name)` — \(o.summary)", range: t.range)
                }
                return nil
            case .endpoint, .proteinChange, .word: break
            }
        }
        if let k = t.keyword, !t.isQuotedName {
            return HoverInfo(markdown: Documentation.markdown(for: k), range: t.range)
        }
        // A name in a statement that does not parse: a cohort, else a column or gene of the
        // statement's cohort.
        let start = TokenScan.statementStart(before: i, in: tokens)
        let before = tokens[start..<i].filter { $0.kind != .newline }
        let statementStart = before.first?.range.start ?? t.range.start
        if document.definition(of: t.text, before: statementStart) != nil || document.context.cohorts[t.text] != nil {
            return cohortHover(t.text, at: t.range, statementStart: statementStart)
        }
        if let verb = before.first?.keyword, let cohort = CompletionEngine.cohortName(verb: verb, tokens: before + [t]) {
            if let h = columnHover(t.text, cohort: cohort, at: t.range, statementStart: statementStart) { return h }
            return geneHover(t.text, cohort: cohort, at: t.range, statementStart: statementStart)
        }
        return nil
    }

    private func cohortHover(_ name: String, at range: SourceRange, statementStart: Int) -> HoverInfo? {
        let file = document.file
        var lines: [String] = []
        // The definition in force here, or the one at the cursor.
        let index = document.definition(of: name, before: statementStart + 1)
            ?? document.symbols.definitions.firstIndex { $0.nameRange == range }
        if let i = index {
            let d = document.symbols.definitions[i]
            let line = file.location(of: d.statementRange.start).line
            lines.append("**\(name)** — cohort \(Self.verb(d.kind)) line \(line): `\(d.origin)`")
            if let s = document.schema(of: name, before: d.statementRange.end) {
                lines.append(s.sizeIsKnown ? "\(CompletionEngine.count(s.patients)) patients, \(s.columns.count) columns" : "a subset of its parent; \(s.columns.count) columns")
            } else {
                lines.append("size known once its data is read")
            }
        } else if let s = document.context.cohorts[name] {
            lines.append("**\(name)** — cohort from an earlier entry" + (s.source.map { ": `\($0)`" } ?? ""))
            lines.append("\(CompletionEngine.count(s.patients)) patients, \(s.columns.count) columns")
        } else {
            return nil
        }
        return HoverInfo(markdown: lines.joined(separator: "\n\n"), range: range)
    }

    private static func verb(_ k: CohortDefinition.Kind) -> String {
        switch k {
        case .loaded: return "loaded on"
        case .defined: return "defined on"
        case .matched: return "matched on"
        }
    }

    private func columnHover(_ name: String, cohort: String?, at range: SourceRange, statementStart: Int) -> HoverInfo? {
        guard let cohort, let schema = document.schema(of: cohort, before: statementStart), let c = schema.column(named: name) else { return nil }
        var text = "**\(c.name)** — \(c.type) column of `\(cohort)`"
        if c.count > 0 { text += ", \(CompletionEngine.count(c.missing)) of \(CompletionEngine.count(c.count)) missing" }
        text += "\n\n" + c.summary
        return HoverInfo(markdown: text, range: range)
    }

    private func geneHover(_ name: String, cohort: String?, at range: SourceRange, statementStart: Int) -> HoverInfo? {
        guard let cohort, let schema = document.schema(of: cohort, before: statementStart), let g = schema.gene(named: name) else { return nil }
        var counts: [String] = []
        for (label, n) in [("fusion", g.fusion), ("mutation", g.mutation), ("amplification", g.amp), ("gain", g.gain),
                           ("shallow deletion", g.hetloss), ("deep deletion", g.homdel)] where n > 0 {
            counts.append("\(label) \(CompletionEngine.count(n))")
        }
        var text = "**\(g.gene)** — patients with " + (counts.isEmpty ? "no alteration" : counts.joined(separator: ", "))
        if !g.partnerCounts.isEmpty {
            text += "\n\nfusion partners: " + g.partnerCounts.prefix(8).map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
                + (g.partnerCounts.count > 8 ? ", …" : "")
        }
        return HoverInfo(markdown: text, range: range)
    }
}
