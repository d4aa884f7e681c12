import SurvQLRendering
import Foundation
import SurvQLSyntax

/// The requests received and not yet answered, each with its cancellation token, so that every
/// request is answered exactly once: with its result, or with -32800 as soon as it is cancelled
/// (`$/cancelRequest` or `survql/cancel`), after which a late result is dropped.
final class RequestTracker: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [String: CancellationToken] = [:]

    /// Registers a request; returns its token.
    func begin(_ id: JSONValue) -> CancellationToken {
        let token = CancellationToken()
        lock.withLock { pending[id.serialized()] = token }
        return token
    }

    /// Marks a request answered; false when it was already answered (cancelled), so the caller
    /// sends nothing.
    func finish(_ id: JSONValue) -> Bool {
        lock.withLock { pending.removeValue(forKey: id.serialized()) != nil }
    }

    /// Cancels a pending request: its token is set and true is returned when the caller should
    /// now answer it with -32800.
    func cancel(_ id: JSONValue) -> Bool {
        let token: CancellationToken? = lock.withLock { pending.removeValue(forKey: id.serialized()) }
        token?.cancel()
        return token != nil
    }

    func isPending(_ id: JSONValue) -> Bool { lock.withLock { pending[id.serialized()] != nil } }

    /// The ids of the requests not yet answered, as serialized JSON.
    var pendingIDs: [String] { lock.withLock { Array(pending.keys) } }
}
