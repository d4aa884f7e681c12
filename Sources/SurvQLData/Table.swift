import SurvQLSyntax

/// A columnar table: an ordered list of equally long, immutable columns.
///
/// A table is either plain (it holds its columns) or a *view*: a `RowSelection` of another plain
/// table's rows plus its own extra columns (derived ones such as `match_id`). A view holds no
/// copy of the base's cells; a base column is gathered for the view's rows only when asked for
/// (`column(named:)`, `columns`) and is not kept, so a thousand derived cohorts cost a thousand
/// row selections, not a thousand tables.
///
/// Column lookup is case-insensitive (cBioPortal names are upper case, users type lower case);
/// when two columns differ only in case the first one wins a lookup.
public final class Table: Sendable {
    /// The number of rows.
    public let rowCount: Int
    /// Plain table: every column. View: the extra columns (each `rowCount` long).
    private let stored: [Column]
    /// For a view: the plain base table and which of its rows the view holds.
    private let base: Table?
    private let selection: RowSelection?
    /// For a view: for each column position, a base column index (>= 0) or an extra one (-1 - k).
    private let layout: [Int]
    private let names: [String]
    private let index: [String: Int]

    /// Makes a table; throws `data.columnLength` when a column's length differs from `rowCount`.
    public convenience init(columns: [Column], rowCount: Int) throws {
        for c in columns where c.count != rowCount {
            throw DiagnosticError(Diagnostic(
                id: "data.columnLength",
                message: "column '\(c.name)' has \(c.count) rows; the table has \(rowCount)",
                location: .none))
        }
        self.init(trusted: columns, rowCount: rowCount)
    }

    /// Makes a table from columns already known to have `rowCount` rows.
    init(trusted columns: [Column], rowCount: Int) {
        self.stored = columns
        self.rowCount = rowCount
        self.base = nil
        self.selection = nil
        self.layout = Array(columns.indices)
        self.names = columns.map(\.name)
        self.index = Table.makeIndex(names)
    }

    /// A view of `selection`'s rows of the plain table `base`, with `extra` columns replacing
    /// base columns of the same name (case-insensitive) or appended.
    private init(base: Table, selection: RowSelection, extra: [Column]) {
        self.base = base
        self.selection = selection
        self.rowCount = selection.count
        self.stored = extra
        var layout = Array(base.names.indices)
        var names = base.names
        for (k, c) in extra.enumerated() {
            if let i = names.firstIndex(where: { $0.lowercased() == c.name.lowercased() }) {
                layout[i] = -1 - k
                names[i] = c.name
            } else {
                layout.append(-1 - k)
                names.append(c.name)
            }
        }
        self.layout = layout
        self.names = names
        self.index = Table.makeIndex(names)
    }

    private static func makeIndex(_ names: [String]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (i, n) in names.enumerated() where index[n.lowercased()] == nil { index[n.lowercased()] = i }
        return index
    }

    /// An empty table with `rowCount` rows and no columns.
    public static func empty(rowCount: Int = 0) -> Table { Table(trusted: [], rowCount: rowCount) }

    /// Whether the table is a view over another table's rows.
    public var isView: Bool { base != nil }

    /// The columns, in file order (derived columns at the end). For a view each base column is
    /// gathered for the view's rows on every access: take it once per use.
    public var columns: [Column] { base == nil ? stored : names.indices.map { column(at: $0) } }

    /// The column at a position.
    private func column(at i: Int) -> Column {
        let l = layout[i]
        if l < 0 { return stored[-1 - l] }
        guard let base, let selection else { return stored[l] }
        let c = base.stored[l]
        return selection.isAll ? c : c.selecting(rows: selection.rows)
    }

    /// The column names in order.
    public var columnNames: [String] { names }

    /// The column named `name` (case-insensitive), nil when absent.
    public func column(named name: String) -> Column? {
        guard let i = index[name.lowercased()] else { return nil }
        return column(at: i)
    }

    /// The position of the column named `name` (case-insensitive), nil when absent.
    public func columnIndex(named name: String) -> Int? {
        index[name.lowercased()]
    }

    /// Up to `limit` column names close to `name`, for a "did you mean" hint.
    public func suggestions(for name: String, limit: Int = 3) -> [String] {
        NameMatcher.nearest(to: name, in: columnNames, limit: limit)
    }

    /// A new table holding the rows at `rows`, in that order (repeats allowed); every column
    /// is copied once. Indices out of range give missing cells rather than a trap.
    public func selecting(rows: [Int32]) -> Table {
        Table(trusted: columns.map { $0.selecting(rows: rows) }, rowCount: rows.count)
    }

    /// A view of the rows at `positions` (indices into this table's rows, in order): no cell is
    /// copied except those of a view's extra columns. A view of a view is a view of the same
    /// plain base.
    ///
    /// `composed`, when given, is the selection of the plain base's rows those positions stand
    /// for (a caller that has already composed it passes it, so the view shares its storage
    /// instead of computing a second copy).
    public func view(positions: [Int32], composed: RowSelection? = nil) -> Table {
        if let base, let selection {
            return Table(base: base, selection: composed ?? selection.selecting(positions, universe: base.rowCount),
                         extra: stored.map { $0.selecting(rows: positions) })
        }
        return Table(base: self, selection: composed ?? .of(positions, universe: rowCount), extra: [])
    }

    /// The rows of the plain base a view holds (every row, for a plain table).
    public var baseSelection: RowSelection { selection ?? .all(rowCount) }

    /// The number of rows of the plain base (this table's own, for a plain table).
    public var baseRowCount: Int { base?.rowCount ?? rowCount }

    /// A new table with `extra` columns added at the end, sharing the existing columns.
    ///
    /// An added column whose name equals an existing one (case-insensitive) replaces it in place,
    /// so the runtime can recompute `weight` or `match_id`. Throws `data.columnLength` when an
    /// added column's length differs from `rowCount`.
    public func appending(_ extra: [Column]) throws -> Table {
        for c in extra where c.count != rowCount {
            throw DiagnosticError(Diagnostic(
                id: "data.columnLength",
                message: "column '\(c.name)' has \(c.count) rows; the table has \(rowCount)",
                location: .none))
        }
        if let base, let selection {
            var mine = stored
            for c in extra {
                if let i = mine.firstIndex(where: { $0.name.lowercased() == c.name.lowercased() }) { mine[i] = c } else { mine.append(c) }
            }
            return Table(base: base, selection: selection, extra: mine)
        }
        var cols = stored
        for c in extra {
            if let i = cols.firstIndex(where: { $0.name.lowercased() == c.name.lowercased() }) {
                cols[i] = c
            } else {
                cols.append(c)
            }
        }
        return Table(trusted: cols, rowCount: rowCount)
    }

    /// A new table with only the named columns (case-insensitive), in the order given; unknown
    /// names are skipped.
    public func projecting(_ names: [String]) -> Table {
        Table(trusted: names.compactMap { column(named: $0) }, rowCount: rowCount)
    }
}
