import Foundation
import SurvQLRendering
import SurvQLRuntime

/// The sessions that `survql/run` and the run commands use: one per document (`uri:URI`), one per
/// `session` id a program names (`session:ID`), or a fresh one for text without an id. Each has
/// its own serial queue, so runs in one session happen in order while other sessions, and every
/// analysis request, go on at the same time.
final class RunSessions: @unchecked Sendable {
    /// A session, its queue, and the last SVG its `plot` statements drew.
    final class Entry: @unchecked Sendable {
        let session = Session()
        let queue: DispatchQueue
        private let lock = NSLock()
        private var svgs: [String] = []

        init(key: String, workingDirectory: String) {
            queue = DispatchQueue(label: "survql.lsp.session.\(key)")
            session.workingDirectory = workingDirectory
            session.exporter = OutputFormat.exporter
            // Every figure a `plot` draws is kept for `survql/plot`, which returns it inline.
            session.figureRenderer = { [weak self] spec in
                let svg = OutputFormat.figureRenderer(spec)
                self?.recordSVG(svg)
                return svg
            }
        }

        private func recordSVG(_ svg: String) { lock.withLock { svgs.append(svg) } }

        /// The SVGs drawn since the last call.
        func takeSVGs() -> [String] {
            lock.withLock {
                defer { svgs = [] }
                return svgs
            }
        }
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    /// The entry for `key`, created on first use (a one-off `once:` entry is dropped by its run).
    func entry(_ key: String, workingDirectory: String) -> Entry {
        lock.withLock {
            if let e = entries[key] { return e }
            let e = Entry(key: key, workingDirectory: workingDirectory)
            entries[key] = e
            return e
        }
    }

    /// The existing entry for `key`, if any.
    func existing(_ key: String) -> Entry? { lock.withLock { entries[key] } }

    func drop(_ key: String) { _ = lock.withLock { entries.removeValue(forKey: key) } }
}
