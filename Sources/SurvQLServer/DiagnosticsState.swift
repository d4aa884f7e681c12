import Foundation
import SurvQLSyntax

/// Per document: a generation counter that makes older scheduled diagnostics obsolete after each
/// change (the debounce), and the last diagnostics computed with the version they belong to
/// (for code actions and pull diagnostics).
final class DiagnosticsState: @unchecked Sendable {
    private let lock = NSLock()
    private var generations: [String: Int] = [:]
    private var computed: [String: (version: Int?, file: SourceFile, diagnostics: [Diagnostic])] = [:]

    /// Starts a new generation for `uri`; older scheduled work sees it is stale.
    func bump(_ uri: String) -> Int {
        lock.withLock {
            let g = (generations[uri] ?? 0) + 1
            generations[uri] = g
            return g
        }
    }

    func isCurrent(_ uri: String, _ generation: Int) -> Bool { lock.withLock { generations[uri] == generation } }

    func store(_ uri: String, _ snapshot: DocumentSnapshot, _ diagnostics: [Diagnostic]) {
        lock.withLock { computed[uri] = (snapshot.version, snapshot.file, diagnostics) }
    }

    /// The diagnostics computed for exactly this snapshot, if any.
    func cached(_ snapshot: DocumentSnapshot) -> [Diagnostic]? {
        lock.withLock {
            guard let c = computed[snapshot.uri], c.version == snapshot.version, c.file === snapshot.file else { return nil }
            return c.diagnostics
        }
    }

    func forget(_ uri: String) {
        lock.withLock {
            generations[uri] = (generations[uri] ?? 0) + 1
            computed[uri] = nil
        }
    }
}
