/// How a column's cells are held in memory.
public enum ColumnStorage: Sendable {
    /// One number per row, read as a double, `.nan` when missing (integer, number, boolean,
    /// date columns); stored narrow when the values are integers (see `NumericCells`).
    case numeric(NumericCells)
    /// One code per row indexing `levels`, -1 when missing (category and string columns).
    case coded(codes: Codes, levels: Levels)
}

/// One named, typed column of a `Table`.
///
/// A column is immutable and shared by reference: appending columns to a table or building a
/// new table from existing columns never copies the cells.
public final class Column: Sendable {
    /// The column's name as written in the header (for cBioPortal, the upper-case attribute id).
    public let name: String
    /// A human-readable name, from the first `#` header line of a cBioPortal clinical file.
    public let displayName: String?
    /// A longer description, from the second `#` header line of a cBioPortal clinical file.
    public let description: String?
    /// The logical type.
    public let type: ColumnType
    /// The cells.
    public let storage: ColumnStorage
    /// How many cells are missing.
    public let missingCount: Int

    /// Makes a numeric column (`integer`, `number`, `boolean` or `date`); `.nan` marks a missing cell.
    ///
    /// A text `type` is coerced to `.number`, so the column is always consistent with its storage.
    public init(name: String, type: ColumnType = .number, values: [Double],
                displayName: String? = nil, description: String? = nil) {
        self.name = name
        self.displayName = displayName
        self.description = description
        self.type = type.isNumeric ? type : .number
        self.storage = .numeric(NumericCells(values))
        var missing = 0
        for v in values where v.isNaN { missing += 1 }
        self.missingCount = missing
    }

    /// Makes a text column from codes into `levels` (-1 marks a missing cell).
    ///
    /// Codes outside `0..<levels.count` are treated as missing, so a bad code can never trap.
    /// A numeric `type` is coerced to `.string`.
    public init(name: String, type: ColumnType = .category, codes: [Int32], levels: [String],
                displayName: String? = nil, description: String? = nil) {
        self.name = name
        self.displayName = displayName
        self.description = description
        self.type = type.isNumeric ? .string : type
        let n = Int32(clamping: levels.count)
        var missing = 0
        var clean = codes
        for i in clean.indices where clean[i] < 0 || clean[i] >= n {
            clean[i] = -1
            missing += 1
        }
        self.storage = .coded(codes: Codes(clean, levelCount: levels.count), levels: Levels(levels))
        self.missingCount = missing
    }

    /// Makes a text column from optional strings (nil is missing); `type` `.category` sorts the
    /// levels in numeric-aware order, `.string` keeps first-appearance order.
    public convenience init(name: String, type: ColumnType = .category, strings: [String?],
                            displayName: String? = nil, description: String? = nil) {
        var levels: [String] = []
        var codes = [Int32](repeating: -1, count: strings.count)
        if strings.allSatisfy({ $0?.utf8.allSatisfy { $0 < 0x80 } ?? true }) {
            // ASCII text is equal exactly when its bytes are: intern the bytes, no `Hasher`.
            var interner = ByteInterner()
            for (i, s) in strings.enumerated() {
                guard var s else { continue }
                let c = s.withUTF8 { b in
                    b.baseAddress.map { interner.intern($0, b.count) } ?? interner.intern([])
                }
                if Int(c) == levels.count { levels.append(s) }
                codes[i] = c
            }
        } else {
            var index: [String: Int32] = [:]
            for (i, s) in strings.enumerated() {
                guard let s else { continue }
                if let c = index[s] {
                    codes[i] = c
                } else {
                    let c = Int32(levels.count)
                    index[s] = c
                    levels.append(s)
                    codes[i] = c
                }
            }
        }
        if type == .category {
            (codes, levels) = NaturalOrder.sortLevels(codes: codes, levels: levels)
        }
        self.init(name: name, type: type, codes: codes, levels: levels,
                  displayName: displayName, description: description)
    }

    /// Internal initializer for already validated storage.
    init(name: String, type: ColumnType, storage: ColumnStorage, missingCount: Int,
         displayName: String?, description: String?) {
        self.name = name
        self.type = type
        self.storage = storage
        self.missingCount = missingCount
        self.displayName = displayName
        self.description = description
    }

    /// The number of rows.
    public var count: Int {
        switch storage {
        case let .numeric(v): return v.count
        case let .coded(c, _): return c.count
        }
    }

    /// The doubles of a numeric column (a new array when the column is stored narrow), nil
    /// for a text column. For a large column prefer `numbers` or `numbers(rows:)`.
    public var numericValues: [Double]? {
        if case let .numeric(v) = storage { return v.doubles }
        return nil
    }

    /// The cells of a numeric column, read without copying; nil for a text column.
    public var numbers: NumericCells? {
        if case let .numeric(v) = storage { return v }
        return nil
    }

    /// The cells at `rows` (in that order) as doubles, `.nan` where missing or out of range
    /// (all `.nan` for a text column): one new array the size of `rows`, without a copy of the
    /// whole column.
    public func numbers(rows: [Int32]) -> [Double] {
        if case let .numeric(v) = storage { return v.gather(rows) }
        return [Double](repeating: .nan, count: rows.count)
    }

    /// The cells at `rows` (in that order) as doubles; see `numbers(rows:)` for `[Int32]`.
    public func numbers(rows: [Int]) -> [Double] {
        if case let .numeric(v) = storage { return v.gather(rows) }
        return [Double](repeating: .nan, count: rows.count)
    }

    /// Per row: whether the cell is missing.
    public var missingMask: [Bool] {
        switch storage {
        case let .numeric(v): return v.missingMask
        case let .coded(c, _): return c.map { $0 < 0 }
        }
    }

    /// The codes of a text column (a new array when stored narrow), nil for a numeric column.
    public var codes: [Int32]? {
        if case let .coded(c, _) = storage { return c.array }
        return nil
    }

    /// The levels of a text column (empty for a numeric column).
    public var levels: Levels {
        if case let .coded(_, l) = storage { return l }
        return []
    }

    /// Whether the cell at `row` is missing (rows out of range count as missing).
    public func isMissing(_ row: Int) -> Bool {
        switch storage {
        case let .numeric(v): return row < 0 || row >= v.count || v[row].isNaN
        case let .coded(c, _): return row < 0 || row >= c.count || c[row] < 0
        }
    }

    /// The cell as a double: the stored value for numeric columns, `.nan` for text columns,
    /// missing cells and rows out of range.
    public func number(at row: Int) -> Double {
        guard case let .numeric(v) = storage, row >= 0, row < v.count else { return .nan }
        return v[row]
    }

    /// The cell's text: the level for text columns, the formatted value for numeric ones,
    /// nil when missing.
    public func string(at row: Int) -> String? {
        switch storage {
        case let .numeric(v):
            guard row >= 0, row < v.count, !v[row].isNaN else { return nil }
            return Column.format(v[row], as: type)
        case let .coded(c, l):
            guard row >= 0, row < c.count, c[row] >= 0 else { return nil }
            return l[Int(c[row])]
        }
    }

    /// The cell as shown to a user: like `string(at:)`, with `NA` for a missing cell.
    public func displayString(at row: Int) -> String {
        string(at: row) ?? "NA"
    }

    /// Formats a numeric value the way a cell of `type` is shown: integers without a decimal
    /// point, booleans as `true`/`false`, dates as `yyyy-mm-dd`, other numbers in the shortest
    /// form that reads back to the same double.
    public static func format(_ v: Double, as type: ColumnType) -> String {
        if v.isNaN { return "NA" }
        switch type {
        case .boolean:
            return v != 0 ? "true" : "false"
        case .date:
            guard v.isFinite, abs(v) < 1e8 else { return String(v) }
            return CivilDate.format(days: Int(v.rounded(.down)))
        default:
            if v.isFinite, v == v.rounded(), abs(v) < 1e15 {
                return String(Int64(v))
            }
            return String(v)
        }
    }

    /// A column holding the rows at `rows` (in that order); indices out of range give missing cells.
    public func selecting(rows: [Int32]) -> Column {
        switch storage {
        case let .numeric(v):
            let out = v.selecting(rows)
            return Column(name: name, type: type, storage: .numeric(out), missingCount: out.missingCount,
                          displayName: displayName, description: description)
        case let .coded(c, l):
            let out = c.selecting(rows)
            return Column(name: name, type: type, storage: .coded(codes: out, levels: l), missingCount: out.missingCount,
                          displayName: displayName, description: description)
        }
    }

    /// The same cells under another name.
    public func renamed(_ newName: String) -> Column {
        Column(name: newName, type: type, storage: storage, missingCount: missingCount,
               displayName: displayName, description: description)
    }
}
