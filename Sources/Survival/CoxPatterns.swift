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
    /// At most this many patterns (tables of at most 2 MiB).
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

    /// The patterns of `design`'s rows, or nil when a column is not an indicator or narrow
    /// integers, or the value ranges multiply past `limit` or `maxCount` codes. The codes are
    /// formed in input order column by column, then gathered into sorted order, on up to
    /// `threads` threads (each row written by one thread: the same codes whatever the split).
    init?(design: CoxDesign, maxCount: Int, threads: Int) {
        let p = design.p
        guard p > 0, design.n > 0 else { return nil }
        // Per column: the lowest value and the number of values from there (dense range).
        var lows: [Int] = [], spans: [Int] = []
        var total = 1
        for column in design.columns {
            guard let (lo, span) = CoxPatterns.range(of: column) else { return nil }
            let product = total.multipliedReportingOverflow(by: span)
            guard !product.overflow, product.partialValue <= min(CoxPatterns.limit, maxCount) else { return nil }
            total = product.partialValue
            lows.append(lo); spans.append(span)
        }
        let rows = design.columns[0].count
        var inputCode = [Code](repeating: 0, count: rows)
        var stride = 1
        inputCode.withUnsafeMutableBufferPointer { out in
            for (j, column) in design.columns.enumerated() {
                let lo = lows[j], step = stride
                ParallelChunks.forEach(count: rows, threads: threads) { chunk in
                    CoxPatterns.addCodes(column, chunk, lo: lo, stride: step, into: out)
                }
                stride *= spans[j]
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
        var values = [Double](repeating: 0, count: total * p)
        for c in 0..<total {
            var rest = c
            for j in 0..<p {
                values[c * p + j] = Double(lows[j] + rest % spans[j])
                rest /= spans[j]
            }
        }
        self.p = p
        self.count = total
        self.code = code
        self.values = values
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
        case .values: return nil
        case .indicator, .byteIndicator: return (0, 2)
        case let .integers(.int8(v)): return span(v)
        case let .integers(.int16(v)): return span(v)
        case let .integers(.int32(v)): return span(v)
        }
    }

    /// Adds `stride * (value - lo)` to the codes of the input rows `rows` (a missing value
    /// adds 0: such rows are not in the fit).
    private static func addCodes(_ column: CoxModel.Covariate.Column, _ rows: Range<Int>, lo: Int, stride: Int,
                                 into out: UnsafeMutableBufferPointer<Code>) {
        func add<I: FixedWidthInteger>(_ v: [I]) {
            v.withUnsafeBufferPointer { v in
                for r in rows where v[r] != I.min {
                    out[r] &+= Code(truncatingIfNeeded: (Int(v[r]) - lo) * stride)
                }
            }
        }
        switch column {
        case .values: break
        case let .indicator(codes, level):
            codes.withUnsafeBufferPointer { c in
                for r in rows where c[r] == level { out[r] &+= Code(truncatingIfNeeded: stride) }
            }
        case let .byteIndicator(codes, level):
            codes.withUnsafeBufferPointer { c in
                for r in rows where c[r] == level { out[r] &+= Code(truncatingIfNeeded: stride) }
            }
        case let .integers(.int8(v)): add(v)
        case let .integers(.int16(v)): add(v)
        case let .integers(.int32(v)): add(v)
        }
    }
}
