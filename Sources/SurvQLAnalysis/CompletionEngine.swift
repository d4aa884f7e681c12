import Foundation
import SurvQLSemantics
import SurvQLSyntax

/// Completion at a byte offset, from the tokens before the cursor (robust to any unfinished
/// text): the statement's verb, its cohort and the last clause keyword decide what is valid.
struct CompletionEngine {
    let document: AnalysisDocument
    let offset: Int

    /// Clause keywords each verb accepts after its cohort.
    static let clauses: [Keyword: [Keyword]] = [
        .load: [.as, .id, .per],
        .let: [.where],
        .match: [.by, .ratio, .exact, .on, .caliper, .seed, .with, .as],
        .survive: [.by, .endpoint, .time, .event, .entry, .at, .every, .rmean],
        .compare: [.by, .endpoint, .time, .event, .entry, .strata, .adjust, .cluster, .reference, .ties],
        .prevalence: [.of, .by, .method],
        .associate: [.with, .test],
        .describe: [],
        .plot: [.by, .endpoint, .time, .event, .entry, .to],
        .export: [.to],
        .set: [],
    ]

    /// Clause keywords after which a list of columns follows.
    static let columnClauses: Set<Keyword> = [.on, .adjust, .exact, .strata, .cluster, .time, .event, .entry]
    /// Keywords that start or continue a condition over columns.
    static let conditionStarts: Set<Keyword> = [.where, .by, .and, .or, .not]

    func complete() -> [CompletionItem] {
        let (tokens, comments) = document.tokens(around: offset)
        if comments.contains(where: { $0.start < offset && offset <= $0.end }) { return [] }
        // Inside a string: only a `load` path completes.
        if let i = tokens.firstIndex(where: { isInsideString($0) }) {
            let previous = tokens[..<i].last { $0.kind != .newline }
            if previous?.keyword == .load { return paths(in: tokens[i]) }
            return []
        }
        let touched = TokenScan.wordIndex(at: offset, in: tokens)
        if let t = touched, tokens[t].kind == .number || tokens[t].kind == .string { return [] }
        let word = touched.flatMap { i -> Int? in
            switch tokens[i].kind {
            case .identifier, .keyword: return i
            default: return nil
            }
        }
        let prefix = word.map { file.text(in: SourceRange(start: tokens[$0].range.start, end: offset)) } ?? ""
        let replace = word.map { SourceRange(start: tokens[$0].range.start, end: offset) } ?? .at(offset)
        // Tokens of the statement before the word being typed.
        let end = word ?? (tokens.firstIndex { $0.range.start >= offset } ?? tokens.count)
        let start = TokenScan.statementStart(before: end, in: tokens)
        let before = tokens[start..<end].filter { $0.kind != .newline && $0.kind != .endOfFile }
        let items = candidates(before: before, replace: replace)
        return Self.filter(items, prefix: prefix)
    }

    var file: SourceFile { document.file }

    private func isInsideString(_ t: Token) -> Bool {
        guard let first = t.range.start < file.bytes.count ? file.bytes[t.range.start] : nil, first == 34 || first == 39 else { return false }
        if t.kind == .string { return t.range.start < offset && offset < t.range.end }
        if t.kind == .invalid { return t.range.start < offset && offset <= t.range.end }
        return false
    }

    static func filter(_ items: [CompletionItem], prefix: String) -> [CompletionItem] {
        let p = prefix.lowercased()
        var seen = Set<String>()
        return items.filter { p.isEmpty || $0.label.lowercased().hasPrefix(p) }
            .filter { seen.insert($0.kind.rawValue + "\u{0}" + $0.label).inserted }
            .sorted { $0.sortKey < $1.sortKey }
    }

    // MARK: What is valid after the tokens before the cursor

    private func candidates(before: [Token], replace: SourceRange) -> [CompletionItem] {
        guard let first = before.first else { return verbs(replace) }
        guard let verb = first.keyword, verb.isVerb else { return [] }
        let last = before.last!
        let cohortName = Self.cohortName(verb: verb, tokens: before)
        let statementStart = first.range.start
        let schema = cohortName.flatMap { document.schema(of: $0, before: statementStart) }
        let clause = Self.lastClause(verb: verb, tokens: before)
        let used = Set(before.dropFirst().compactMap(\.keyword))

        // Right after the verb.
        if before.count == 1 {
            switch verb {
            case .load: return keywords([.demo], replace)
            case .let: return []
            case .set: return options(replace)
            case .plot: return keywords([.survival], replace)
            case .export: return keywords([.last], replace) + cohorts(replace, before: statementStart)
            default: return cohorts(replace, before: statementStart)
            }
        }
        switch verb {
        case .set:
            if before.count == 2 { return optionValues(before[1].text, replace) }
            return []
        case .let where before.count == 3 && last.kind == .equal:
            return cohorts(replace, before: statementStart)
        case .plot where before.count == 2 && last.keyword == .survival:
            return cohorts(replace, before: statementStart)
        case .load where last.keyword == .demo:
            return LanguageFacts.demoNames.map { CompletionItem(label: $0, kind: .keyword, detail: "built-in demo cohort", replace: replace) }
        default: break
        }
        // Genes and fusion partners.
        if let genes = geneCandidates(before: before, schema: schema, replace: replace) { return genes }
        // Values of a categorical column.
        if let values = valueCandidates(before: before, schema: schema, replace: replace) { return values }

        switch last.kind {
        case let .keyword(k) where !last.isQuotedName:
            switch k {
            case .where, .and, .or, .not:
                return columns(schema, replace) + alterationKeywords(replace) + (k == .not ? [] : keywords([.not], replace))
            case .by:
                if verb == .prevalence { return columns(schema, replace) }
                return columns(schema, replace) + alterationKeywords(replace)
            case .with where verb == .match: return keywords([.replacement], replace)
            case .with: return columns(schema, replace)
            case .on, .adjust, .exact, .strata, .cluster, .time, .event, .entry: return columns(schema, replace)
            case .endpoint: return (schema?.endpoints ?? []).map { CompletionItem(label: $0, kind: .endpoint, detail: "endpoint", replace: replace) }
            case .ties: return words(LanguageFacts.tiesMethods, replace)
            case .method: return words(LanguageFacts.prevalenceMethods, replace)
            case .test: return words(LanguageFacts.associationTests, replace)
            case .per: return keywords([.patient, .sample], replace)
            case .of: return alterationKeywords(replace)
            case .is: return keywords([.missing, .not], replace)
            case .in: return []
            case .as, .ratio, .caliper, .seed, .at, .every, .rmean, .reference, .to, .id: return []
            default: break
            }
        case .comma:
            if let c = clause, Self.columnClauses.contains(c) || (c == .with && verb == .associate) { return columns(schema, replace) }
            if clause == .of { return alterationKeywords(replace) }
            return []
        case .leftParen:
            return columns(schema, replace) + alterationKeywords(replace) + keywords([.not], replace)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .pipe, .colonColon, .minus:
            return []
        default:
            break
        }
        // After a complete item: the clauses not yet used, and connectives inside a condition.
        var next = (Self.clauses[verb] ?? []).filter { !used.contains($0) || $0 == .at }
        if verb == .associate, before.count == 2 { return alterationKeywords(replace) + columns(schema, replace) }
        if verb == .prevalence, before.count == 2 { return keywords([.of], replace) }
        if let c = clause, c == .where || c == .by || (c == .of && verb == .prevalence) {
            next = [.and, .or] + next
            if last.kind == .identifier, let p = before.dropLast().last?.keyword, Self.conditionStarts.contains(p) || p == .where {
                next = [.in, .is, .not] + next
            }
        }
        if verb == .match, used.contains(.with), !used.contains(.replacement), last.keyword == .with { next = [.replacement] }
        return keywords(next, replace)
    }

    /// The cohort a statement names, from its tokens.
    static func cohortName(verb: Keyword, tokens: [Token]) -> String? {
        func isName(_ t: Token) -> Bool { t.kind == .identifier || t.keyword != nil }
        switch verb {
        case .load, .set: return nil
        case .let:
            guard tokens.count >= 4, tokens[2].kind == .equal, isName(tokens[3]) else { return nil }
            return tokens[3].text
        case .plot:
            guard tokens.count >= 3, tokens[1].keyword == .survival, isName(tokens[2]) else { return nil }
            return tokens[2].text
        default:
            guard tokens.count >= 2, isName(tokens[1]) else { return nil }
            return tokens[1].text
        }
    }

    /// The last clause keyword of `verb` before the cursor, outside parentheses.
    static func lastClause(verb: Keyword, tokens: [Token]) -> Keyword? {
        let allowed = Set(clauses[verb] ?? [])
        var depth = 0
        for t in tokens.dropFirst(2).reversed() {
            if t.kind == .rightParen { depth += 1 }
            if t.kind == .leftParen { depth = max(0, depth - 1) }
            if depth == 0, let k = t.keyword, !t.isQuotedName, allowed.contains(k) { return k }
        }
        return nil
    }

    /// A name as it must be written: bare when it lexes as a plain name and no keyword, else in backticks.
    static func nameText(_ name: String) -> String {
        let plain = name.unicodeScalars.first.map { $0 == "_" || CharacterSet.letters.contains($0) } == true
            && name.unicodeScalars.allSatisfy { $0 == "_" || $0 == "." || CharacterSet.alphanumerics.contains($0) }
        return plain && Keyword(rawValue: name.lowercased()) == nil ? name : "`" + name + "`"
    }

    /// A count with thousands separators (`25,000`).
    static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
