import Foundation
import SurvQLSemantics
import SurvQLSyntax

/// One source text analysed once for one request: its tokens and comments, its tree, the
/// checker's diagnostics and symbols, and the schemas of its cohorts as far as they are known
/// (from the schema cache, never waiting for a load). Immutable, like a gopls snapshot.
struct AnalysisDocument {
    let file: SourceFile
    let context: AnalysisContext
    let schemas: SchemaCache
    let script: Script
    let parseDiagnostics: [Diagnostic]
    let checkDiagnostics: [Diagnostic]
    let symbols: SymbolTable
    /// Definitions by name, in source order (indices into `symbols.definitions`).
    private let definitionsByName: [String: [Int]]
    /// The statement of each definition (index into `script.statements`).
    private let definitionStatements: [Int]
    /// The offsets where `set level` changes the unit of later loads, and whether to samples.
    private let levelChanges: [(offset: Int, sample: Bool)]

    init(_ file: SourceFile, context: AnalysisContext, schemas: SchemaCache) {
        self.file = file
        self.context = context
        self.schemas = schemas
        let (script, parse) = Parser.parse(file)
        self.script = script
        parseDiagnostics = parse
        var known: [String: CohortFacts] = [:]
        for (name, _) in context.cohorts {
            known[name] = CohortFacts(definedAt: nil, hasDefiningAlteration: context.definingConditions[name] != nil ? true : nil)
        }
        let (checked, symbols) = Checker.analyze(script, known: known)
        checkDiagnostics = checked
        self.symbols = symbols
        var byName: [String: [Int]] = [:]
        for (i, d) in symbols.definitions.enumerated() { byName[d.name, default: []].append(i) }
        definitionsByName = byName
        var statementByStart: [Int: Int] = [:]
        var changes: [(Int, Bool)] = []
        for (i, s) in script.statements.enumerated() {
            statementByStart[s.range.start] = i
            if case let .set(x) = s.kind, x.option?.text.lowercased() == "level", let v = x.value {
                changes.append((s.range.end, (v.string ?? v.spelling).lowercased() == "sample"))
            }
        }
        definitionStatements = symbols.definitions.map { statementByStart[$0.statementRange.start] ?? -1 }
        levelChanges = changes
    }

    // MARK: Tokens

    /// Every token of the file (with newlines) and the comments.
    func allTokens() -> (tokens: [Token], comments: [SourceRange]) {
        let tokens = Lexer.tokenize(file).tokens
        return (tokens, TokenScan.comments(in: file, tokens: tokens))
    }

    /// The tokens (with newlines) and comments from the start of the statement around `offset`
    /// to the end of the line after `offset`'s line, with file offsets: all that completion and
    /// hover need, lexed without lexing the whole file. Lexing restarts cleanly at a statement's
    /// start, and no token spans lines, so these are the whole file's tokens in that window.
    func tokens(around offset: Int) -> (tokens: [Token], comments: [SourceRange]) {
        let b = file.bytes
        let cursor = min(max(0, offset), b.count)
        // The last statement starting before the cursor, from the line it starts on.
        var start = 0
        if let s = script.statements.last(where: { $0.range.start < cursor || ($0.range.start == cursor && cursor == 0) }) {
            start = s.range.start
            while start > 0, b[start - 1] != 10 { start -= 1 }
        }
        var end = cursor
        for _ in 0..<2 {
            while end < b.count, b[end] != 10 { end += 1 }
            if end < b.count { end += 1 }
        }
        if start == 0 && end >= b.count { return allTokens() }
        let window = SourceFile(name: file.name, bytes: Array(b[start..<end]))
        var tokens = Lexer.tokenize(window).tokens
        let comments = TokenScan.comments(in: window, tokens: tokens).map { SourceRange(start: $0.start + start, end: $0.end + start) }
        for i in tokens.indices {
            tokens[i].range = SourceRange(start: tokens[i].range.start + start, end: tokens[i].range.end + start)
        }
        return (tokens, comments)
    }

    // MARK: Cohorts and schemas

    /// The definition in force for `name` in a statement that starts at `offset`.
    func definition(of name: String, before offset: Int) -> Int? {
        definitionsByName[name]?.last { symbols.definitions[$0].statementRange.end <= offset }
    }

    /// The schema of the cohort `name` as seen by a statement starting at `offset`: from its
    /// `load` (cached), its parent's for a `let` or `match`, or the context's (an earlier REPL
    /// entry); nil when unknown or still loading.
    func schema(of name: String, before offset: Int, depth: Int = 0) -> CohortSchema? {
        guard depth < 64 else { return nil }
        guard let i = definition(of: name, before: offset) else { return context.cohorts[name] }
        let d = symbols.definitions[i]
        switch d.kind {
        case .loaded:
            if case let .ready(s) = lookup(d) { return s }
            return nil
        case .defined, .matched:
            guard let parent = d.parent else { return nil }
            let statement = definitionStatements[i] >= 0 ? script.statements[definitionStatements[i]] : nil
            return schema(of: parent, before: d.statementRange.start, depth: depth + 1)?
                .derived(matched: d.kind == .matched, addsFusionColumns: statement.map(Self.addsFusionColumns) ?? false)
        }
    }

    /// What the schema cache knows of a `load` definition's target (starting a load if needed).
    func lookup(_ d: CohortDefinition) -> SchemaCache.Lookup? {
        let perSample = d.perSample || sampleLevel(before: d.statementRange.start)
        switch d.source {
        case let .path(p)?:
            guard !p.contains("${") else { return nil }
            return schemas.schema(path: resolve(p), idColumn: d.idColumn, perSample: perSample)
        case let .demo(n)?:
            guard LanguageFacts.demoNames.contains(n.lowercased()) else { return nil }
            return schemas.schema(demo: n, perSample: perSample)
        case nil:
            return nil
        }
    }

    /// Whether a `set level sample` comes before `offset` (and no later `set level patient`).
    func sampleLevel(before offset: Int) -> Bool {
        levelChanges.last { $0.offset <= offset }?.sample ?? false
    }

    /// True for a `let` whose filter names a fusion outside a `not` (it gets `FUSION_*` columns).
    static func addsFusionColumns(_ s: Statement) -> Bool {
        func has(_ e: SurvQLSyntax.Expression) -> Bool {
            switch e.kind {
            case let .alteration(a): if case .fusion = a.kind { return true } else { return false }
            case let .and(parts), let .or(parts): return parts.contains(where: has)
            default: return false
            }
        }
        switch s.kind {
        case let .let(l): return l.filter.map(has) ?? false
        default: return false
        }
    }

    /// A path as the runtime resolves it: absolute, or against the working directory, then
    /// against the query file's folder.
    func resolve(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return expanded }
        let cwd = context.workingDirectory ?? FileManager.default.currentDirectoryPath
        let fromCwd = (cwd as NSString).appendingPathComponent(expanded)
        if FileManager.default.fileExists(atPath: fromCwd) { return fromCwd }
        if let dir = fileDirectory {
            let fromFile = (dir as NSString).appendingPathComponent(expanded)
            if FileManager.default.fileExists(atPath: fromFile) { return fromFile }
        }
        return fromCwd
    }

    /// The folder of the query file, absolute, when the file has a real path.
    var fileDirectory: String? {
        guard !file.name.hasPrefix("<"), let slash = file.name.lastIndex(of: "/") else { return nil }
        // Not `deletingLastPathComponent`, which traps on a one-character name on Linux.
        let dir = slash == file.name.startIndex ? "/" : String(file.name[..<slash])
        let cwd = context.workingDirectory ?? FileManager.default.currentDirectoryPath
        return dir.hasPrefix("/") ? dir : (cwd as NSString).appendingPathComponent(dir)
    }

    /// The cohort names visible at `offset`: this file's definitions before it and the context's.
    func visibleCohorts(before offset: Int) -> [String: CohortSchema?] {
        var out: [String: CohortSchema?] = [:]
        for (name, s) in context.cohorts { out[name] = s }
        for d in symbols.definitions where d.statementRange.end <= offset {
            out[d.name] = schema(of: d.name, before: d.statementRange.end)
        }
        return out
    }

    /// The statement whose range contains `offset` (ends included).
    func statement(at offset: Int) -> Statement? {
        script.statements.first { $0.range.start <= offset && offset <= $0.range.end }
    }
}
