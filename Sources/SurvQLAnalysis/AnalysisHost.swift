import SurvQLSyntax
import SurvQLSemantics

/// The analysis engine that the REPL and the language server share: it answers questions about
/// a (possibly unfinished) query text in byte offsets — what completes here, what is this name,
/// where was it defined, is the statement finished, how is it formatted — with no terminal and
/// no protocol in it (rust-analyzer's `ide` crate beside its `lsp` layer).
///
/// Thread-safe: any thread may ask; answers come from what is already parsed, loaded or cached
/// and never block on a load (schemas of `load` targets are read in the background and cached by
/// path and modification time).
///
/// A front end that runs statements (the REPL, the server's `survql/run`) tells the host which
/// cohorts its session holds through `sessionCohorts`, so completion after `survive ` offers them.
public final class AnalysisHost: Sendable {
    /// Where schemas of `load` targets are learned and cached.
    public let schemas: SchemaCache
    private let documents = DocumentCache()

    public init() {
        self.schemas = .shared
    }

    /// A host with its own schema cache (tests, benchmarks).
    public init(schemas: SchemaCache) {
        self.schemas = schemas
    }

    /// The analysis of `file` in `context`, shared by the requests for the same `SourceFile`.
    func document(_ file: SourceFile, _ context: AnalysisContext) -> AnalysisDocument {
        documents.document(file, context, schemas: schemas)
    }

    /// Candidates valid at `offset` in `file`, best first. Case-insensitive prefix match on the
    /// word being typed; nothing inside comments, nothing inside strings except paths in `load "`.
    /// `replace` of each item is the part of the word typed before the cursor.
    public func complete(_ file: SourceFile, at offset: Int, context: AnalysisContext = .init()) -> [CompletionItem] {
        CompletionEngine(document: document(file, context), offset: offset).complete()
    }

    /// Documentation or facts for the word under `offset`.
    public func hover(_ file: SourceFile, at offset: Int, context: AnalysisContext = .init()) -> HoverInfo? {
        HoverEngine(document: document(file, context), offset: offset).hover()
    }

    /// The definition of the cohort name under `offset`.
    public func definition(_ file: SourceFile, at offset: Int, context: AnalysisContext = .init()) -> SourceRange? {
        let doc = document(file, context)
        guard let found = doc.symbols.symbol(at: offset), let i = found.definition else { return nil }
        return doc.symbols.definitions[i].nameRange
    }

    /// Every occurrence (definition first, then uses) of the cohort name under `offset`.
    public func references(_ file: SourceFile, at offset: Int, context: AnalysisContext = .init()) -> [SourceRange] {
        let doc = document(file, context)
        guard let found = doc.symbols.symbol(at: offset) else { return [] }
        guard let i = found.definition else {
            // A cohort from outside this source: every use bound to no definition here.
            return doc.symbols.uses.filter { $0.name == found.name && $0.definition == nil }.map(\.range)
        }
        return [doc.symbols.definitions[i].nameRange] + doc.symbols.uses(of: i).map(\.range)
    }

    /// The cohorts defined in `file`, in order, after those of the context (earlier REPL
    /// entries, with no definition range) that this file uses.
    public func symbols(_ file: SourceFile, context: AnalysisContext = .init()) -> [CohortSymbol] {
        let doc = document(file, context)
        var out: [CohortSymbol] = []
        let outside = doc.symbols.uses.filter { $0.definition == nil && context.cohorts[$0.name] != nil }
        for name in outside.map(\.name).reduce(into: [String](), { if !$0.contains($1) { $0.append($1) } }) {
            out.append(CohortSymbol(name: name, kind: .loaded, definition: nil, statement: nil,
                                    uses: outside.filter { $0.name == name }.map(\.range),
                                    origin: context.cohorts[name]?.source ?? ""))
        }
        for (i, d) in doc.symbols.definitions.enumerated() {
            let kind: CohortSymbol.Kind
            switch d.kind {
            case .loaded: kind = .loaded
            case .defined: kind = .defined
            case .matched: kind = .matched
            }
            out.append(CohortSymbol(name: d.name, kind: kind, definition: d.nameRange, statement: d.statementRange,
                                    uses: doc.symbols.uses(of: i).map(\.range), origin: d.origin))
        }
        return out
    }

    /// Parse, check and data-aware diagnostics (unknown column, unknown gene, a `load` path that
    /// is not a study or table), the latter once the schemas are cached.
    public func diagnostics(_ file: SourceFile, context: AnalysisContext = .init()) -> [Diagnostic] {
        let doc = document(file, context)
        let all = doc.parseDiagnostics + doc.checkDiagnostics + DataChecker(document: doc).diagnostics()
        return all.sorted { ($0.sourceRange?.start ?? 0) < ($1.sourceRange?.start ?? 0) }
    }

    /// Every token and comment classified, in source order.
    public func semanticTokens(_ file: SourceFile, context: AnalysisContext = .init()) -> [SemanticToken] {
        TokenClassifier(document: document(file, context)).classify()
    }

    /// Starts learning the schemas of `file`'s `load` targets and waits until they are known
    /// (tests and the command line; editors never wait).
    public func loadSchemas(_ file: SourceFile, context: AnalysisContext = .init()) {
        let doc = document(file, context)
        for d in doc.symbols.definitions where d.kind == .loaded { _ = doc.lookup(d) }
        schemas.waitForLoads()
    }

    /// Whether `text` (one REPL entry so far) is a finished statement.
    public static func completeness(of text: String) -> StatementCompleteness {
        Completeness.isComplete(text) ? .complete : .incomplete
    }
}

/// What a front end knows beyond the text: cohorts of its running session (REPL entries, an
/// editor's earlier runs) with their schemas, and the directory against which relative paths
/// are resolved.
public struct AnalysisContext: Sendable, Equatable {
    public var cohorts: [String: CohortSchema]
    public var workingDirectory: String?
    /// For cohorts of the context defined by an alteration or condition (a `let ... where`, a
    /// `match ... by`): that condition as written, so `by fusion` alone is known to work.
    public var definingConditions: [String: String] = [:]
    public init(cohorts: [String: CohortSchema] = [:], workingDirectory: String? = nil) {
        self.cohorts = cohorts
        self.workingDirectory = workingDirectory
    }
}

import SurvQLRuntime

extension AnalysisContext {
    /// The cohorts a running session holds, with what is known of their data, read safely while
    /// a statement may be running on another thread.
    public init(session: Session, workingDirectory: String? = nil) {
        self.init(session: session, workingDirectory: workingDirectory, schemas: .shared)
    }

    /// The same, with schemas computed through (and cached in) `schemas`.
    public init(session: Session, workingDirectory: String? = nil, schemas: SchemaCache) {
        // One snapshot of the cohort table, taken under the session's lock.
        let cohorts = session.cohorts
        var out: [String: CohortSchema] = [:]
        var conditions: [String: String] = [:]
        for (name, c) in cohorts {
            out[name] = schemas.schema(of: c)
            if let d = c.defining { conditions[name] = d.text }
        }
        self.init(cohorts: out, workingDirectory: workingDirectory ?? session.workingDirectory)
        self.definingConditions = conditions
    }
}
