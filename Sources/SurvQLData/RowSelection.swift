/// Which rows of a base table a view holds, in order, stored compactly.
///
/// A derived cohort is a selection over the table its root cohort was loaded with, not a copy
/// of it: a selection of every row costs nothing, an ascending selection a bitset (one bit per
/// base row, 125 KB for 10^6 rows), and an arbitrary one (reordered or repeated rows, as in a
/// match with replacement) a list of row numbers, whichever is smaller.
public enum RowSelection: Sendable {
    /// Rows `0..<n` of the base.
    case all(Int)
    /// The rows of the set, ascending; `count` caches the set's size.
    case ascending(RowSet, count: Int)
    /// These base rows, in this order (repeats allowed).
    case list([Int32])

    /// Chooses the smallest form for `rows` (base rows, in order) of a base of `universe` rows.
    public static func of(_ rows: [Int32], universe: Int) -> RowSelection {
        var ascending = true
        var identity = rows.count == universe
        var previous: Int32 = -1
        for (i, r) in rows.enumerated() {
            if r <= previous || r < 0 || Int(r) >= universe { ascending = false; identity = false; break }
            if identity && Int(r) != i { identity = false }
            previous = r
        }
        if identity { return .all(universe) }
        if ascending && universe / 8 < rows.count * 4 {
            return .ascending(RowSet(universe: universe, rows: rows), count: rows.count)
        }
        return .list(rows)
    }

    /// The number of rows selected.
    public var count: Int {
        switch self {
        case let .all(n): return n
        case let .ascending(_, n): return n
        case let .list(r): return r.count
        }
    }

    /// Whether every base row is selected, in order.
    public var isAll: Bool {
        if case .all = self { return true }
        return false
    }

    /// The base rows, in order (materialized: O(count) memory while in use).
    public var rows: [Int32] {
        switch self {
        case let .all(n): return (0..<Int32(n)).map { $0 }
        case let .ascending(set, _): return set.rows
        case let .list(r): return r
        }
    }

    /// The base row at `position` (O(1), or O(base rows / 64) for a bitset); -1 out of range.
    public func row(at position: Int) -> Int32 {
        guard position >= 0, position < count else { return -1 }
        switch self {
        case .all: return Int32(position)
        case let .ascending(set, _): return Int32(set.element(at: position) ?? -1)
        case let .list(r): return r[position]
        }
    }

    /// The selection of `positions` (indices into this selection's rows, in order) over the
    /// same base; positions out of range select nothing.
    public func selecting(_ positions: [Int32], universe: Int) -> RowSelection {
        let mine = rows
        var out: [Int32] = []
        out.reserveCapacity(positions.count)
        for p in positions where p >= 0 && Int(p) < mine.count { out.append(mine[Int(p)]) }
        return .of(out, universe: universe)
    }
}
