/// The design of a logistic fit read in place: column 0 is the intercept, the constant 1, which
/// has no storage; column j >= 1 is the caller's j-th design column, read through a pointer that
/// is valid for the duration of ``LogisticRegression/withDesign(_:_:)``. The fit therefore
/// needs no n x p copy of the design.
///
/// Every consumer computes `1 * v` for the intercept as `v`, which is the same number, so reading
/// the design this way changes no result.
struct InterceptDesign: @unchecked Sendable {
    /// Rows.
    let n: Int
    /// Columns including the intercept.
    let p: Int
    /// Columns 1..<p, at index j - 1.
    let columns: [UnsafePointer<Double>]

    /// Design column `j` (1 ≤ j < p).
    @inline(__always)
    func column(_ j: Int) -> UnsafePointer<Double> { columns[j &- 1] }
}

extension LogisticRegression {
    /// Calls `body` with the design's columns (each of `n` values) read in place, behind an intercept.
    static func withDesign<R>(_ values: [[Double]], n: Int, _ body: (InterceptDesign) -> R) -> R {
        func nest(_ k: Int, _ pointers: [UnsafePointer<Double>]) -> R {
            if k == values.count { return body(InterceptDesign(n: n, p: values.count + 1, columns: pointers)) }
            return values[k].withUnsafeBufferPointer { b in
                if let base = b.baseAddress { return nest(k + 1, pointers + [base]) }
                // An empty column (n == 0, which validation rules out): nothing is ever read.
                return withUnsafePointer(to: 0.0) { nest(k + 1, pointers + [$0]) }
            }
        }
        return nest(0, [])
    }
}
