import Foundation
import SurvQLSyntax

/// The last few analysed documents, so that the requests an editor sends for one version of a
/// text (completion, then hover, then tokens) lex, parse and check it once (gopls' snapshots).
///
/// Keyed by the `SourceFile` object (a new version is a new object) and the context; the schemas
/// are not part of an entry (a document looks them up in the schema cache on each request), so a
/// load finishing in the background is seen at once. Thread-safe: `entries` is guarded by `lock`.
final class DocumentCache: @unchecked Sendable {
    private struct Entry {
        let file: SourceFile
        let context: AnalysisContext
        let document: AnalysisDocument
    }

    private let lock = NSLock()
    private var entries: [Entry] = []
    private let capacity = 4

    /// The document of `file` in `context`, analysed now or earlier.
    func document(_ file: SourceFile, _ context: AnalysisContext, schemas: SchemaCache) -> AnalysisDocument {
        if let hit = lock.withLock({ entries.first { $0.file === file && $0.context == context } }) {
            return hit.document
        }
        let document = AnalysisDocument(file, context: context, schemas: schemas)
        lock.withLock {
            entries.removeAll { $0.file === file }
            entries.insert(Entry(file: file, context: context, document: document), at: 0)
            if entries.count > capacity { entries.removeLast() }
        }
        return document
    }
}
