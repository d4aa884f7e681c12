import SurvQLRendering
import Foundation
import SurvQLRuntime
import SurvQLSyntax

/// Inlay hints: each cohort's size after its defining statement (`-- 28 patients`), computed
/// in the background by running only the defining statements in a scratch session.
extension LanguageServer {
    func scheduleInlayHints(_ snap: DocumentSnapshot, generation: Int) {
        if inlayState.hints(for: snap) != nil { return }
        let token = inlayState.restart(snap.uri)
        DispatchQueue.global(qos: .utility).async { [self] in
            guard !token.isCancelled, diagnosticsState.isCurrent(snap.uri, generation) else { return }
            let hints = computeCohortSizes(snap, token: token)
            guard !token.isCancelled, documents.isCurrent(snap) else { return }
            inlayState.store(snap.uri, file: snap.file, hints)
            if inlayRefreshSupported { connection.request("workspace/inlayHint/refresh", .null) { _, _ in } }
        }
    }

    private func computeCohortSizes(_ snap: DocumentSnapshot, token: CancellationToken) -> [InlayState.Hint] {
        let defining = StatementFilter.file(snap.file) { s in
            switch s.kind {
            case .load, .`let`, .match, .set: return true
            default: return false
            }
        }
        let (script, _) = Parser.parse(defining)
        let session = Session()
        session.workingDirectory = workingDirectory
        var hints: [InlayState.Hint] = []
        var before = session.cohorts.mapValues(ObjectIdentifier.init)
        session.run(defining, keepGoing: true, cancellation: token) { event in
            guard case let .result(r) = event else { return }
            let after = session.cohorts
            defer { before = after.mapValues(ObjectIdentifier.init) }
            guard r.statement >= 1, r.statement <= script.statements.count else { return }
            let end = script.statements[r.statement - 1].range.end
            for (name, cohort) in after where before[name] != ObjectIdentifier(cohort) {
                hints.append(.init(offset: end, label: ServerMessages.patients(cohort.count, unit: cohort.unit.rawValue)))
            }
        }
        return hints
    }

    func inlayHints(_ r: Request) throws -> JSONValue {
        let snap = try documents.snapshot(try r.uri)
        let enc = encoding
        guard let hints = inlayState.hints(for: snap) else { return .array([]) }
        let range = LSPConvert.sourceRange(r.params["range"], in: snap.file, enc) ?? SourceRange(start: 0, end: snap.file.bytes.count)
        return .array(hints.filter { $0.offset >= range.start && $0.offset <= range.end }.map { h in
            .object([
                ("position", LSPConvert.position(h.offset, in: snap.file, enc)),
                ("label", .string(h.label)),
                ("paddingLeft", .bool(true)),
            ])
        })
    }
}
