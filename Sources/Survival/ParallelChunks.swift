import Foundation

/// Work split into parts that run on several threads.
///
/// Only for work whose outcome does not depend on the split: each part writes its own
/// elements (no shared running sums), so the result is bit-identical whatever the thread count.
enum ParallelChunks {
    /// Below this many elements per thread the work runs on the calling thread.
    static let minimumChunk = 32_768

    /// Calls `body(k)` for every k in `0..<parts`, concurrently when `parts > 1`; returns when
    /// all have finished. The parts must not write to the same memory.
    static func run(parts: Int, _ body: (Int) -> Void) {
        if parts <= 1 {
            if parts == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { body in
            // The parts touch disjoint memory, which the type system cannot see.
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: parts) { k in body(k) }
        }
    }

    /// Calls `body` with contiguous ranges covering `0..<count`, on up to `threads` threads.
    static func forEach(count: Int, threads: Int, _ body: (Range<Int>) -> Void) {
        let parts = min(max(1, threads), count / minimumChunk)
        if parts <= 1 {
            if count > 0 { body(0..<count) }
            return
        }
        let size = (count + parts - 1) / parts
        run(parts: parts) { k in
            let lo = k * size
            let hi = min(count, lo + size)
            if lo < hi { body(lo..<hi) }
        }
    }
}
