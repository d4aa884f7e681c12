import SurvQLRendering
import Foundation
import SurvQLSyntax

/// The open documents, each as its latest snapshot. Thread-safe: text-sync notifications write
/// in the order the client sent them; requests on other threads read the latest snapshot.
final class DocumentStore: @unchecked Sendable {
    private let lock = NSLock()
    private var documents: [String: DocumentSnapshot] = [:]

    func open(_ uri: String, text: String, version: Int?) -> DocumentSnapshot {
        let s = DocumentSnapshot(uri: uri, version: version, file: SourceFile(name: DocumentSnapshot.fileName(of: uri), text: text))
        lock.withLock { documents[uri] = s }
        return s
    }

    /// Applies changes to an open document; nil when it is not open.
    func change(_ uri: String, changes: [JSONValue], version: Int?, encoding: PositionEncoding) throws -> DocumentSnapshot? {
        try lock.withLock {
            guard let old = documents[uri] else { return nil }
            let new = try old.applying(changes, version: version, encoding: encoding)
            documents[uri] = new
            return new
        }
    }

    func close(_ uri: String) { _ = lock.withLock { documents.removeValue(forKey: uri) } }

    /// The latest snapshot of an open document.
    func latest(_ uri: String) -> DocumentSnapshot? { lock.withLock { documents[uri] } }

    /// The open document, or the file on disk for a `file:` URI that is not open.
    func snapshot(_ uri: String) throws -> DocumentSnapshot {
        if let s = latest(uri) { return s }
        if let path = DocumentSnapshot.path(of: uri), let data = FileManager.default.contents(atPath: path) {
            return DocumentSnapshot(uri: uri, version: nil, file: SourceFile(name: path, bytes: Array(data)))
        }
        throw RPCError.invalidParams(ServerMessages.unknownDocument(uri))
    }

    /// Whether the document's latest version is still `version` (else the state changed under a
    /// request that read an older snapshot).
    func isCurrent(_ snapshot: DocumentSnapshot) -> Bool {
        guard snapshot.version != nil else { return true }
        return latest(snapshot.uri)?.version == snapshot.version
    }

    var uris: [String] { lock.withLock { Array(documents.keys) } }
}
