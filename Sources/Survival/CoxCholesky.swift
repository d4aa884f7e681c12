import Foundation

/// The generalized Cholesky routines of R's survival package (`cholesky2.c`, `chsolve2.c`,
/// `chinv2.c`, `coxph_wtest.c`), reproduced operation for operation so that singular columns,
/// ranks and inverses agree with `coxph` in every edge case.
///
/// Matrices are square, stored flat as `m[a * n + b]`, which plays the role of the C code's
/// ragged `matrix[a][b]`. Callers fill the entries with `a <= b` (the C "upper" half the Cox
/// iteration routines write); the factorization lives in the `a > b` half plus the diagonal,
/// and the inverse is returned in the `a <= b` half.
///
/// The decomposition is `C = F D F'` with `F` unit lower triangular. A pivot below
/// `toler * max(diag)` (or not finite) marks its column redundant: the diagonal is set to zero,
/// solves return zero in that position and the inverse has a zero row and column there.
enum CoxCholesky {
    /// `cholesky2`: factors `m` in place and returns the rank (negated if the matrix is not
    /// non-negative definite). Returns 0 without factoring when no diagonal is positive.
    static func factor(_ m: inout [Double], n: Int, toler: Double) -> Int {
        var eps = 0.0
        var nonneg = 1
        for i in 0..<n {
            if m[i * n + i] > eps { eps = m[i * n + i] }
            var j = i + 1
            while j < n { m[j * n + i] = m[i * n + j]; j += 1 }
        }
        if eps == 0 { return 0 }
        eps *= toler
        var rank = 0
        for i in 0..<n {
            let pivot = m[i * n + i]
            if !pivot.isFinite || pivot < eps {
                m[i * n + i] = 0
                if pivot < -8 * eps { nonneg = -1 }
            } else {
                rank += 1
                var j = i + 1
                while j < n {
                    let temp = m[j * n + i] / pivot
                    m[j * n + i] = temp
                    m[j * n + j] -= temp * temp * pivot
                    var k = j + 1
                    while k < n { m[k * n + j] -= temp * m[k * n + i]; k += 1 }
                    j += 1
                }
            }
        }
        return rank * nonneg
    }

    /// `chsolve2`: solves `C b = y` in place given the factorization from `factor`.
    /// Positions of redundant columns come back as 0.
    static func solve(_ m: [Double], n: Int, _ y: inout [Double]) {
        for i in 0..<n {
            var temp = y[i]
            for j in 0..<i { temp -= y[j] * m[i * n + j] }
            y[i] = temp
        }
        var i = n - 1
        while i >= 0 {
            if m[i * n + i] == 0 {
                y[i] = 0
            } else {
                var temp = y[i] / m[i * n + i]
                var j = i + 1
                while j < n { temp -= y[j] * m[j * n + i]; j += 1 }
                y[i] = temp
            }
            i -= 1
        }
    }

    /// `chinv2`: turns the factorization into the (generalized) inverse, stored in the
    /// `a <= b` half and the diagonal.
    static func invert(_ m: inout [Double], n: Int) {
        for i in 0..<n where m[i * n + i] > 0 {
            m[i * n + i] = 1 / m[i * n + i]
            var j = i + 1
            while j < n {
                m[j * n + i] = -m[j * n + i]
                for k in 0..<i { m[j * n + k] += m[j * n + i] * m[i * n + k] }
                j += 1
            }
        }
        for i in 0..<n {
            if m[i * n + i] == 0 {
                for j in 0..<i { m[j * n + i] = 0 }
                for j in i..<n { m[i * n + j] = 0 }
            } else {
                var j = i + 1
                while j < n {
                    let temp = m[j * n + i] * m[j * n + j]
                    m[i * n + j] = temp
                    for k in i..<j { m[i * n + k] += temp * m[j * n + k] }
                    j += 1
                }
            }
        }
    }

    /// Reads the symmetric result of `invert` (upper half) into a full row-major matrix.
    static func symmetricFromUpper(_ m: [Double], n: Int) -> [Double] {
        var out = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in i..<n {
                out[i * n + j] = m[i * n + j]
                out[j * n + i] = m[i * n + j]
            }
        }
        return out
    }

    /// `coxph.wtest(var, b, toler.chol)`: the quadratic form `b' var^- b` computed by factoring
    /// `var` (a full symmetric matrix) and solving, and the rank found. With one parameter it is
    /// `b^2 / var` exactly as R short-cuts it. Returns nil when an entry is not finite
    /// (R stops with "infinite argument in coxph.wtest").
    static func waldTest(variance: [Double], b: [Double], toler: Double) -> (statistic: Double, rank: Int)? {
        let n = b.count
        if n == 0 { return (0, 0) }
        guard variance.count == n * n, b.allSatisfy(\.isFinite), variance.allSatisfy(\.isFinite) else { return nil }
        if n == 1 { return (b[0] * b[0] / variance[0], 1) }
        var m = variance
        let rank = factor(&m, n: n, toler: toler)
        var s = b
        solve(m, n: n, &s)
        var sum = 0.0
        for j in 0..<n { sum += b[j] * s[j] }
        return (sum, rank)
    }

    /// Solves the general linear system `A x = b` (row-major `A`) by Gaussian elimination with
    /// partial pivoting, as R's `solve()` (LAPACK `dgesv`) does. Returns nil when `A` is
    /// exactly singular or the result is not finite.
    static func solveGeneral(_ a: [Double], n: Int, _ b: [Double]) -> [Double]? {
        var m = a
        var x = b
        for col in 0..<n {
            var piv = col
            var best = abs(m[col * n + col])
            for r in (col + 1)..<max(col + 1, n) where abs(m[r * n + col]) > best {
                best = abs(m[r * n + col]); piv = r
            }
            if best == 0 || !best.isFinite { return nil }
            if piv != col {
                for c in 0..<n { m.swapAt(col * n + c, piv * n + c) }
                x.swapAt(col, piv)
            }
            let d = m[col * n + col]
            for r in (col + 1)..<max(col + 1, n) {
                let f = m[r * n + col] / d
                if f == 0 { continue }
                for c in col..<n { m[r * n + c] -= f * m[col * n + c] }
                x[r] -= f * x[col]
            }
        }
        var i = n - 1
        while i >= 0 {
            var s = x[i]
            for c in (i + 1)..<max(i + 1, n) { s -= m[i * n + c] * x[c] }
            x[i] = s / m[i * n + i]
            i -= 1
        }
        return x.allSatisfy(\.isFinite) ? x : nil
    }
}
