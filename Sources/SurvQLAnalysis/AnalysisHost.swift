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
    public init() {}

    /// Candidates valid at `offset` in `file`, best first. Case-insensitive prefix match on the
    /// word being typed; nothing inside comments, nothing inside strings except paths in `load "`.
    public func complete(_ file: SourceFile, at offset: Int, context: AnalysisContext = .init()) -> [CompletionItem] {
        []
    }

    /// Documentation or facts for the word under `offset`.
    public func hover(_ file: SourceFile, at offset: Int, context: AnalysisContext = .init()) -> HoverInfo? {
        nil
    }

    /// The definition of the cohort name under `offset`.
    public func definition(_ file: SourceFile, at offset: Int, context: AnalysisContext = .init()) -> SourceRange? {
        nil
    }

    /// Every occurrence (definition first, then uses) of the cohort name under `offset`.
    public func references(_ file: SourceFile, at offset: Int, context: AnalysisContext = .init()) -> [SourceRange] {
        []
    }

    /// The cohorts defined in `file`, in order.
    public func symbols(_ file: SourceFile, context: AnalysisContext = .init()) -> [CohortSymbol] {
        []
    }

    /// Parse, check and data-aware diagnostics (unknown column, unknown gene, a `load` path that
    /// is not a study or table), the latter once the schemas are cached.
    public func diagnostics(_ file: SourceFile, context: AnalysisContext = .init()) -> [Diagnostic] {
        let (script, parse) = Parser.parse(file)
        return parse + Checker.check(script)
    }

    /// Every token and comment classified, in source order.
    public func semanticTokens(_ file: SourceFile, context: AnalysisContext = .init()) -> [SemanticToken] {
        []
    }

    /// Whether `text` (one REPL entry so far) is a finished statement.
    public static func completeness(of text: String) -> StatementCompleteness {
        Completeness.isComplete(text) ? .complete : .incomplete
    }
}

/// What a front end knows beyond the text: cohorts of its running session (REPL entries, an
/// editor's earlier runs) with their schemas, and the directory against which relative paths
/// are resolved.
public struct AnalysisContext: Sendable {
    public var cohorts: [String: CohortSchema]
    public var workingDirectory: String?
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
        self.init(cohorts: [:], workingDirectory: workingDirectory ?? session.workingDirectory)
    }
}
