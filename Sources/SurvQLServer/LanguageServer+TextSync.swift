import Foundation
import SurvQLAnalysis
import SurvQLRendering
import SurvQLRuntime
import SurvQLSyntax

/// Text synchronisation and pushed diagnostics.
extension LanguageServer {
    func didOpen(_ params: JSONValue) throws {
        guard let uri = params.at("textDocument.uri")?.stringValue, let text = params.at("textDocument.text")?.stringValue else {
            throw RPCError.invalidParams(ServerMessages.missingParam("textDocument"))
        }
        let snap = documents.open(uri, text: text, version: params.at("textDocument.version")?.intValue)
        documentChanged(snap, immediately: true)
    }

    func didChange(_ params: JSONValue) throws {
        guard let uri = params.at("textDocument.uri")?.stringValue, let changes = params["contentChanges"]?.arrayValue else {
            throw RPCError.invalidParams(ServerMessages.missingParam("contentChanges"))
        }
        guard let snap = try documents.change(uri, changes: changes, version: params.at("textDocument.version")?.intValue, encoding: encoding) else {
            throw RPCError.invalidParams(ServerMessages.unknownDocument(uri))
        }
        documentChanged(snap, immediately: false)
    }

    func didClose(_ params: JSONValue) throws {
        guard let uri = params.at("textDocument.uri")?.stringValue else { throw RPCError.invalidParams(ServerMessages.missingParam("textDocument.uri")) }
        documents.close(uri)
        diagnosticsState.forget(uri)
        inlayState.forget(uri)
        sessions.drop("uri:" + uri)
        connection.notify("textDocument/publishDiagnostics", .object([("uri", .string(uri)), ("diagnostics", .array([]))]))
    }

    func didSave(_ params: JSONValue) throws {
        guard let uri = params.at("textDocument.uri")?.stringValue else { throw RPCError.invalidParams(ServerMessages.missingParam("textDocument.uri")) }
        if let snap = documents.latest(uri) { documentChanged(snap, immediately: true) }
    }

    /// Schedules diagnostics (debounced: only the last of a burst of changes is analysed) and
    /// the background computation of cohort sizes.
    private func documentChanged(_ snap: DocumentSnapshot, immediately: Bool) {
        let generation = diagnosticsState.bump(snap.uri)
        let delay = immediately ? 0 : diagnosticsDelay
        analysisQueue.asyncAfter(deadline: .now() + delay) { [self] in
            guard diagnosticsState.isCurrent(snap.uri, generation) else { return }
            let diagnostics = computeDiagnostics(snap)
            guard diagnosticsState.isCurrent(snap.uri, generation), documents.isCurrent(snap) else { return }
            publish(snap, diagnostics)
            scheduleInlayHints(snap, generation: generation)
            refreshAfterSchemaLoads(snap, generation: generation, published: diagnostics)
        }
    }

    /// Data-aware diagnostics appear once the `load` targets' schemas are read in the
    /// background: when those loads finish, the diagnostics are computed again and published if
    /// they changed.
    private func refreshAfterSchemaLoads(_ snap: DocumentSnapshot, generation: Int, published: [Diagnostic]) {
        DispatchQueue.global(qos: .utility).async { [self] in
            host.schemas.waitForLoads()
            guard diagnosticsState.isCurrent(snap.uri, generation), documents.isCurrent(snap) else { return }
            let again = host.diagnostics(snap.file, context: analysisContext(for: snap))
            guard again != published else { return }
            diagnosticsState.store(snap.uri, snap, again)
            guard diagnosticsState.isCurrent(snap.uri, generation), documents.isCurrent(snap) else { return }
            publish(snap, again)
        }
    }

    /// The analysis layer's diagnostics for a snapshot (cached per version).
    func computeDiagnostics(_ snap: DocumentSnapshot) -> [Diagnostic] {
        if let d = diagnosticsState.cached(snap) { return d }
        let d = host.diagnostics(snap.file, context: analysisContext(for: snap))
        diagnosticsState.store(snap.uri, snap, d)
        return d
    }

    func publish(_ snap: DocumentSnapshot, _ diagnostics: [Diagnostic]) {
        let enc = encoding
        var params: [(String, JSONValue)] = [("uri", .string(snap.uri))]
        if let v = snap.version { params.append(("version", .int(v))) }
        params.append(("diagnostics", .array(diagnostics.map { LSPConvert.diagnostic($0, uri: snap.uri, in: snap.file, enc) })))
        connection.notify("textDocument/publishDiagnostics", .object(params))
    }

    /// What the analysis layer knows beyond the text: the document's run session, if any, and
    /// the directory relative paths are read from.
    func analysisContext(for snap: DocumentSnapshot) -> AnalysisContext {
        if let entry = sessions.existing("uri:" + snap.uri) {
            return AnalysisContext(session: entry.session, workingDirectory: workingDirectory)
        }
        return AnalysisContext(workingDirectory: workingDirectory)
    }
}
