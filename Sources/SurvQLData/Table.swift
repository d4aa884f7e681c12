import SurvQLSyntax

/// A columnar table: an ordered list of equally long, immutable columns.
///
/// Column lookup is case-insensitive (cBioPortal names are upper case, users type lower case);
/// when two columns differ only in case the first one wins a lookup.
public final class Table: Sendable {
    /// The columns, in file order (derived columns are appended at the end).
    public let columns: [Column]
    /// The number of rows.
    public let rowCount: Int
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
        self.columns = columns
        self.rowCount = rowCount
        var index: [String: Int] = [:]
        for (i, c) in columns.enumerated() where index[c.name.lowercased()] == nil {
            index[c.name.lowercased()] = i
        }
        self.index = index
    }

    /// An empty table with `rowCount` rows and no columns.
    public static func empty(rowCount: Int = 0) -> Table { Table(trusted: [], rowCount: rowCount) }

    /// The column names in order.
    public var columnNames: [String] { columns.map(\.name) }

    /// The column named `name` (case-insensitive), nil when absent.
    public func column(named name: String) -> Column? {
        guard let i = index[name.lowercased()] else { return nil }
        return columns[i]
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

    /// A new table with `extra` columns added at the end, sharing the existing columns.
    ///
    /// An added column whose name equals an existing one (case-insensitive) replaces it in place,
    /// so the runtime can recompute `weight` or `match_id`. Throws `data.columnLength` when an
    /// added column's length differs from `rowCount`.
    public func appending(_ extra: [Column]) throws -> Table {
        var cols = columns
        for c in extra {
            if c.count != rowCount {
                throw DiagnosticError(Diagnostic(
                    id: "data.columnLength",
                    message: "column '\(c.name)' has \(c.count) rows; the table has \(rowCount)",
                    location: .none))
            }
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
