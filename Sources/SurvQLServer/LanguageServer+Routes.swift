import SurvQLRendering
/// Which requests the server answers, where each runs, and its handler.
extension LanguageServer {
    /// Where a request's work runs.
    enum Lane {
        /// On the reading thread, before the next message (lifecycle).
        case inline
        /// On the concurrent analysis queue, against the latest snapshot.
        case analysis
        /// On the serial queue of the session it runs in.
        case session
    }

    struct Route: Sendable {
        var lane: Lane
        var handler: @Sendable (LanguageServer, Request) throws -> JSONValue
    }

    static let routes: [String: Route] = [
        "initialize": Route(lane: .inline) { try $0.initialize($1) },
        "shutdown": Route(lane: .inline) { s, r in s.shutdown(r) },
        "textDocument/diagnostic": Route(lane: .analysis) { try $0.pullDiagnostics($1) },
        "textDocument/codeAction": Route(lane: .analysis) { try $0.codeActions($1) },
        "textDocument/completion": Route(lane: .analysis) { try $0.completion($1) },
        "completionItem/resolve": Route(lane: .analysis) { try $0.resolveCompletion($1) },
        "textDocument/hover": Route(lane: .analysis) { try $0.hover($1) },
        "textDocument/definition": Route(lane: .analysis) { try $0.definition($1) },
        "textDocument/references": Route(lane: .analysis) { try $0.references($1) },
        "textDocument/prepareRename": Route(lane: .analysis) { try $0.prepareRename($1) },
        "textDocument/rename": Route(lane: .analysis) { try $0.rename($1) },
        "textDocument/documentSymbol": Route(lane: .analysis) { try $0.documentSymbols($1) },
        "textDocument/semanticTokens/full": Route(lane: .analysis) { try $0.semanticTokens($1, range: false) },
        "textDocument/semanticTokens/range": Route(lane: .analysis) { try $0.semanticTokens($1, range: true) },
        "textDocument/formatting": Route(lane: .analysis) { try $0.formatting($1, range: false) },
        "textDocument/rangeFormatting": Route(lane: .analysis) { try $0.formatting($1, range: true) },
        "textDocument/foldingRange": Route(lane: .analysis) { try $0.foldingRanges($1) },
        "textDocument/signatureHelp": Route(lane: .analysis) { try $0.signatureHelp($1) },
        "textDocument/inlayHint": Route(lane: .analysis) { try $0.inlayHints($1) },
        "textDocument/codeLens": Route(lane: .analysis) { try $0.codeLenses($1) },
        "survql/run": Route(lane: .session) { try $0.runRequest($1) },
        "survql/plot": Route(lane: .session) { try $0.plotRequest($1) },
        "workspace/executeCommand": Route(lane: .session) { try $0.executeCommand($1) },
        "survql/cancel": Route(lane: .inline) { s, r in
            s.cancel(r.params)
            return .null
        },
    ]
}
