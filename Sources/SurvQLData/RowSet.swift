/// A set of row numbers of one table (patients or samples), stored as a bitset.
///
/// Every operation combining two sets treats rows beyond a set's `universe` as absent and
/// returns a set over the larger universe, so mismatched sizes never trap.
public struct RowSet: Sendable, Hashable {
    /// The number of rows of the table the set belongs to.
    public let universe: Int
    private var words: [UInt64]

    /// The empty set over `universe` rows.
    public init(universe: Int) {
        self.universe = max(0, universe)
        self.words = [UInt64](repeating: 0, count: (self.universe + 63) / 64)
    }

    /// The set of the given rows (rows outside `0..<universe` are ignored).
    public init<S: Sequence>(universe: Int, rows: S) where S.Element: BinaryInteger {
        self.init(universe: universe)
        for r in rows { insert(Int(r)) }
    }

    /// Every row of the universe.
    public static func all(universe: Int) -> RowSet {
        var s = RowSet(universe: universe)
        for i in s.words.indices { s.words[i] = ~0 }
        s.clearTail()
        return s
    }

    private mutating func clearTail() {
        let extra = words.count * 64 - universe
        if extra > 0, !words.isEmpty { words[words.count - 1] &= ~0 >> UInt64(extra) }
    }

    /// Adds a row (ignored when out of range).
    public mutating func insert(_ row: Int) {
        guard row >= 0, row < universe else { return }
        words[row >> 6] |= 1 << UInt64(row & 63)
    }

    /// Removes a row.
    public mutating func remove(_ row: Int) {
        guard row >= 0, row < universe else { return }
        words[row >> 6] &= ~(1 << UInt64(row & 63))
    }

    /// Whether the row is in the set.
    public func contains(_ row: Int) -> Bool {
        guard row >= 0, row < universe else { return false }
        return words[row >> 6] & (1 << UInt64(row & 63)) != 0
    }

    /// The number of rows in the set.
    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// Whether the set has no rows.
    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// The rows in ascending order.
    public var rows: [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(count)
        for (w, word) in words.enumerated() {
            var bits = word
            while bits != 0 {
                let t = bits.trailingZeroBitCount
                out.append(Int32(w * 64 + t))
                bits &= bits - 1
            }
        }
        return out
    }

    /// The `k`-th row of the set in ascending order (zero-based), nil when `k` is out of range.
    public func element(at k: Int) -> Int? {
        guard k >= 0 else { return nil }
        var remaining = k
        for (w, word) in words.enumerated() {
            let n = word.nonzeroBitCount
            if remaining >= n { remaining -= n; continue }
            var bits = word
            for _ in 0..<remaining { bits &= bits - 1 }
            return w * 64 + bits.trailingZeroBitCount
        }
        return nil
    }

    private func combined(_ other: RowSet, _ op: (UInt64, UInt64) -> UInt64) -> RowSet {
        var out = RowSet(universe: max(universe, other.universe))
        for i in out.words.indices {
            let a = i < words.count ? words[i] : 0
            let b = i < other.words.count ? other.words[i] : 0
            out.words[i] = op(a, b)
        }
        out.clearTail()
        return out
    }

    /// Rows in either set.
    public func union(_ other: RowSet) -> RowSet { combined(other, |) }
    /// Rows in both sets.
    public func intersection(_ other: RowSet) -> RowSet { combined(other, &) }
    /// Rows in this set and not in `other`.
    public func subtracting(_ other: RowSet) -> RowSet { combined(other) { $0 & ~$1 } }
    /// Rows of the universe not in this set.
    public func complement() -> RowSet {
        var out = self
        for i in out.words.indices { out.words[i] = ~out.words[i] }
        out.clearTail()
        return out
    }
}
