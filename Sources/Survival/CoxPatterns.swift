import Foundation

/// The covariates of a design as covariate patterns, when every column takes few whole-number
/// values (indicators and narrow integers, as `group`, `age` and `ecog` are): each sorted row
/// holds a pattern code instead of `p` doubles, and a table holds each pattern's raw
/// values.
///
/// Every row-wise value the fit forms from a row's covariates alone (the centred and scaled
/// covariates, `z' beta`, the risk score, the linear predictor) is then formed once per pattern
/// by the same operations in the same order, and read back by code: the same bits as forming
/// it row by row. Sums over rows still run over the rows, in their order.
struct CoxPatterns: Sendable {
    /// At most this many patterns, and at most four times as many table values (2 MiB).
    static let limit = 1 << 16

    /// A pattern code. 32 bits although 16 would hold one: an array of them for 10^7 rows is
    /// then large enough for the allocator to map it and give it back to the system when freed,
    /// where 20 MB arrays stayed in its heap and raised the peak memory of what followed.
    typealias Code = UInt32

    /// Number of covariate columns.
    let p: Int
    /// Number of patterns (table rows); codes lie in `0..<count`.
    let count: Int
    /// The pattern of each sorted row.
    let code: [Code]
    /// Raw covariate values per pattern, row-major: `values[c * p + j]` is column j of pattern c.
    let values: [Double]

    /// One digit of a pattern code: a column of narrow integers (value `lo` is digit 0), or the
    /// indicators of one factor (consecutive columns reading the same codes at distinct
    /// levels), whose digit is `m + 1` where a row has the level of the factor's m-th column
    /// and 0 where it has none of them: k indicators take k + 1 digits, not 2^k.
    private enum Digit {
        case integers(column: Int, lo: Int)
        case factor(first: Int, levels: [Int])

        /// The design columns the digit covers.
        var columns: Range<Int> {
            switch self {
            case let .integers(column, _): return column..<(column + 1)
            case let .factor(first, levels): return first..<(first + levels.count)
            }
        }
    }

    /// The patterns of `design`'s rows, or nil when a column is not an indicator or narrow
    /// integers, or the digits' ranges multiply past `limit` or `maxCount` codes, or the table
    /// would pass `limit * 4` values. The codes are formed in input order digit by digit,
    /// then gathered into sorted order, on up to `threads` threads (each row written by one
    /// thread: the same codes whatever the split).
    init?(design: CoxDesign, maxCount: Int, threads: Int) {
        let p = design.p
        guard p > 0, design.n > 0 else { return nil }
        var digits: [(digit: Digit, span: Int)] = []
        var total = 1
        var j = 0
        while j < p {
            guard let (digit, span) = CoxPatterns.digit(at: j, of: design.columns) else { return nil }
            let product = total.multipliedReportingOverflow(by: span)
            guard !product.overflow, product.partialValue <= min(CoxPatterns.limit, maxCount) else { return nil }
            total = product.partialValue
            digits.append((digit, span))
            j = digit.columns.upperBound
        }
        guard total * p <= CoxPatterns.limit * 4 else { return nil }
        let rows = design.columns[0].count
        var inputCode = [Code](repeating: 0, count: rows)
        var stride = 1
        inputCode.withUnsafeMutableBufferPointer { out in
            for (digit, span) in digits {
                let step = stride
                ParallelChunks.forEach(count: rows, threads: threads) { chunk in
                    CoxPatterns.addCodes(digit, design.columns, chunk, stride: step, into: out)
                }
                stride *= span
            }
        }
        let n = design.n
        let code = [Code](unsafeUninitializedCapacity: n) { buffer, initialized in
            let out = buffer
            inputCode.withUnsafeBufferPointer { input in
                design.inputRow.withUnsafeBufferPointer { rowOf in
                    ParallelChunks.forEach(count: n, threads: threads) { chunk in
                        for i in chunk { out[i] = input[Int(rowOf[i])] }
                    }
                }
            }
            initialized = n
        }
        // The values a row of each pattern gathers: the integer, or 1 and 0 (an indicator).
        var values = [Double](repeating: 0, count: total * p)
        for c in 0..<total {
            var rest = c
            for (digit, span) in digits {
                let d = rest % span
                rest /= span
                switch digit {
                case let .integers(column, lo): values[c * p + column] = Double(lo + d)
                case let .factor(first, _): if d > 0 { values[c * p + first + d - 1] = 1 }
                }
            }
        }
        self.p = p
        self.count = total
        self.code = code
        self.values = values
    }

    /// The digit that starts at column `j` and its number of values: a factor's indicators
    /// (every following column reading the same codes storage at a level not yet taken), or
    /// one column of integers; nil for a column of doubles or a range above `limit`.
    private static func digit(at j: Int, of columns: [CoxModel.Covariate.Column]) -> (Digit, Int)? {
        /// The codes storage (compared as an identity only, while `columns` holds it), width and
        /// level of an indicator column.
        func indicator(_ column: CoxModel.Covariate.Column) -> (UnsafeRawPointer?, Bool, Int)? {
            switch column {
            case let .indicator(codes, level): return (codes.withUnsafeBytes { $0.baseAddress }, true, Int(level))
            case let .byteIndicator(codes, level): return (codes.withUnsafeBytes { $0.baseAddress }, false, Int(level))
            default: return nil
            }
        }
        if let (base, wide, level) = indicator(columns[j]) {
            guard level >= 0 && level < limit else { return nil }
            var levels = [level]
            var next = j + 1
            while next < columns.count, let (b, w, l) = indicator(columns[next]), base != nil, b == base,
                  w == wide, !levels.contains(l), l >= 0 && l < limit {
                levels.append(l)
                next += 1
            }
            return (.factor(first: j, levels: levels), levels.count + 1)
        }
        guard let (lo, span) = range(of: columns[j]) else { return nil }
        return (.integers(column: j, lo: lo), span)
    }

    /// The lowest value of a column and the number of values up to its highest (missing values
    /// left out; they never reach a fit's rows), or nil for a column of doubles or a range
    /// above `limit`.
    private static func range(of column: CoxModel.Covariate.Column) -> (Int, Int)? {
        func span<I: FixedWidthInteger>(_ v: [I]) -> (Int, Int)? {
            var lo = I.max, hi = I.min
            for x in v where x != I.min { lo = Swift.min(lo, x); hi = Swift.max(hi, x) }
            if lo > hi { return (0, 1) }                    // every value missing
            let width = Int(hi) - Int(lo) + 1
            return width <= limit ? (Int(lo), width) : nil
        }
        switch column {
        case .values, .indicator, .byteIndicator: return nil
        case let .integers(.int8(v)): return span(v)
        case let .integers(.int16(v)): return span(v)
        case let .integers(.int32(v)): return span(v)
        }
    }

    /// Adds `stride * digit` to the codes of the input rows `rows` (a missing value adds 0:
    /// such rows are not in the fit).
    private static func addCodes(_ digit: Digit, _ columns: [CoxModel.Covariate.Column], _ rows: Range<Int>,
                                 stride: Int, into out: UnsafeMutableBufferPointer<Code>) {
        func add<I: FixedWidthInteger>(_ v: [I], lo: Int) {
            v.withUnsafeBufferPointer { v in
                for r in rows where v[r] != I.min {
                    out[r] &+= Code(truncatingIfNeeded: (Int(v[r]) - lo) * stride)
                }
            }
        }
        /// Adds `stride * (m + 1)` where a code is the m-th level (`addend[code]`; one level
        /// compared directly, the loop of a lone indicator).
        func add<I: FixedWidthInteger>(_ codes: [I], levels: [Int]) {
            if levels.count == 1, let level = I(exactly: levels[0]) {
                let step = Code(truncatingIfNeeded: stride)
                codes.withUnsafeBufferPointer { c in
                    for r in rows where c[r] == level { out[r] &+= step }
                }
                return
            }
            var addend = [Code](repeating: 0, count: (levels.max() ?? 0) + 1)
            for (m, level) in levels.enumerated() { addend[level] = Code(truncatingIfNeeded: (m + 1) * stride) }
            addend.withUnsafeBufferPointer { addend in
                codes.withUnsafeBufferPointer { c in
                    for r in rows {
                        let k = Int(c[r])
                        if k >= 0 && k < addend.count { out[r] &+= addend[k] }
                    }
                }
            }
        }
        switch digit {
        case let .integers(column, lo):
            switch columns[column] {
            case let .integers(.int8(v)): add(v, lo: lo)
            case let .integers(.int16(v)): add(v, lo: lo)
            case let .integers(.int32(v)): add(v, lo: lo)
            case .values, .indicator, .byteIndicator: break
            }
        case let .factor(first, levels):
            switch columns[first] {
            case let .indicator(codes, _): add(codes, levels: levels)
            case let .byteIndicator(codes, _): add(codes, levels: levels)
            case .values, .integers: break
            }
        }
    }
}
