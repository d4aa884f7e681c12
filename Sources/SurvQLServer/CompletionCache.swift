import Foundation
import SurvQLAnalysis

/// The last completion list, so `completionItem/resolve` can add an item's documentation
/// without sending every item's documentation up front.
final class CompletionCache: @unchecked Sendable {
    private let lock = NSLock()
    private var listID = 0
    private var items: [CompletionItem] = []

    /// Stores a list; returns its id.
    func store(_ list: [CompletionItem]) -> Int {
        lock.withLock {
            listID += 1
            items = list
            return listID
        }
    }

    func item(list: Int, index: Int) -> CompletionItem? {
        lock.withLock {
            guard list == listID, items.indices.contains(index) else { return nil }
            return items[index]
        }
    }
}
