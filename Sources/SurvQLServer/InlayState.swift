import Foundation
import SurvQLSyntax

/// Cohort sizes for inlay hints, computed in the background per document version by running
/// only the statements that define cohorts (`load`, `let`, `match`, `set`) in a scratch session.
final class InlayState: @unchecked Sendable {
    /// One cohort size, placed at the end of its defining statement.
    struct Hint: Sendable {
        var offset: Int
        var label: String
    }

    private let lock = NSLock()
    private var running: [String: CancellationToken] = [:]
    private var hints: [String: (file: SourceFile, hints: [Hint])] = [:]

    /// Cancels any computation for `uri` and returns the token for a new one.
    func restart(_ uri: String) -> CancellationToken {
        let token = CancellationToken()
        let old: CancellationToken? = lock.withLock {
            let o = running[uri]
            running[uri] = token
            return o
        }
        old?.cancel()
        return token
    }

    func store(_ uri: String, file: SourceFile, _ h: [Hint]) { lock.withLock { hints[uri] = (file, h) } }

    /// The hints computed for exactly this text.
    func hints(for snapshot: DocumentSnapshot) -> [Hint]? {
        lock.withLock {
            guard let h = hints[snapshot.uri], h.file === snapshot.file else { return nil }
            return h.hints
        }
    }

    func forget(_ uri: String) {
        let t: CancellationToken? = lock.withLock {
            hints[uri] = nil
            return running.removeValue(forKey: uri)
        }
        t?.cancel()
    }
}
