/// The logical type of a column, which decides how its cells are stored and shown.
///
/// Numeric types (`integer`, `number`, `boolean`, `date`) are read as doubles with `.nan` for a
/// missing cell: booleans as 0 and 1, dates as whole days since 1970-01-01 (stored narrow when
/// every value is a small enough integer; see `NumericCells`).
/// Text types (`category`, `string`) are stored dictionary-encoded as `[Int32]` codes (-1 for a
/// missing cell) into a list of levels.
public enum ColumnType: String, Sendable, Hashable, CaseIterable {
    /// Whole numbers (every value integral and written without a decimal point).
    case integer
    /// Real numbers.
    case number
    /// True or false (stored as 1 or 0).
    case boolean
    /// A calendar date written `yyyy-mm-dd` (stored as days since 1970-01-01).
    case date
    /// Text with few distinct values; levels are sorted in numeric-aware order.
    case category
    /// Free text or identifiers; levels are kept in order of first appearance.
    case string

    /// Whether cells are stored as doubles.
    public var isNumeric: Bool {
        switch self {
        case .integer, .number, .boolean, .date: return true
        case .category, .string: return false
        }
    }
}
