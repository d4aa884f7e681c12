#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LogisticRegression {
    /// Householder QR with R's limited column pivoting: LINPACK `dqrdc2` as modified for R
    /// (Ihaka 1995, Ripley 1999), followed by `dqrsl` for the least-squares coefficients, which
    /// is what `.Call(C_Cdqrls, x, y, tol)` does inside `glm.fit`.
    ///
    /// Columns are visited left to right; a column whose remaining norm has fallen below `tol`
    /// times its original norm is moved to the end and counts as aliased, so the rank and the
    /// pivot order are R's. The matrix is column-major, `n` rows by `p` columns, overwritten.
    struct PivotedQR {
        /// Number of columns judged linearly independent.
        var rank: Int
        /// `pivot[j]` is the original index of the column now in position j (0-based).
        var pivot: [Int]
        /// Least-squares coefficients in pivoted order; zero beyond `rank`, as in `Cdqrls`.
        var coefficients: [Double]

        /// Solves min ||y - X b|| for the column-major `x` (destroyed) and `y` (destroyed).
        init(x: inout [Double], y: inout [Double], n: Int, p: Int, tol: Double) {
            var pivot = Array(0..<p)
            var qraux = [Double](repeating: 0, count: p)
            var work1 = [Double](repeating: 0, count: p)
            var work2 = [Double](repeating: 0, count: p)
            var k = p + 1
            x.withUnsafeMutableBufferPointer { xb in
                guard let base = xb.baseAddress else { return }
                @inline(__always) func col(_ j: Int) -> UnsafeMutablePointer<Double> { base + j * n }
                if n > 0 {
                    for j in 0..<p {
                        qraux[j] = PivotedQR.norm(col(j), n)
                        work1[j] = qraux[j]
                        work2[j] = qraux[j] == 0 ? 1 : qraux[j]
                    }
                }
                let lup = min(n, p)
                var scratch = [Double](repeating: 0, count: n)
                // `l` and `k` are 1-based in the Fortran; here l is 0-based and k stays 1-based.
                for l in 0..<lup {
                    while l + 1 < k && qraux[l] < work2[l] * tol {
                        // Move column l to the end, shifting the others left.
                        scratch.withUnsafeMutableBufferPointer { s in
                            let sp = s.baseAddress!
                            sp.update(from: col(l), count: n)
                            for j in (l + 1)..<p { col(j - 1).update(from: col(j), count: n) }
                            col(p - 1).update(from: sp, count: n)
                        }
                        let i = pivot[l], t = qraux[l], tt = work1[l], ttt = work2[l]
                        for j in (l + 1)..<p {
                            pivot[j - 1] = pivot[j]
                            qraux[j - 1] = qraux[j]
                            work1[j - 1] = work1[j]
                            work2[j - 1] = work2[j]
                        }
                        pivot[p - 1] = i
                        qraux[p - 1] = t
                        work1[p - 1] = tt
                        work2[p - 1] = ttt
                        k -= 1
                    }
                    if l == n - 1 { continue }
                    let cl = col(l) + l
                    let m = n - l
                    var nrmxl = PivotedQR.norm(cl, m)
                    if nrmxl == 0 { continue }
                    if cl[0] != 0 { nrmxl = cl[0] < 0 ? -Swift.abs(nrmxl) : Swift.abs(nrmxl) }
                    let inv = 1.0 / nrmxl
                    for i in 0..<m { cl[i] *= inv }
                    cl[0] = 1.0 + cl[0]
                    if l + 1 < p {
                        for j in (l + 1)..<p {
                            let cj = col(j) + l
                            let t = -PivotedQR.dot(cl, cj, m) / cl[0]
                            PivotedQR.axpy(t, cl, cj, m)
                            if qraux[j] == 0 { continue }
                            var tt = 1.0 - (Swift.abs(cj[0]) / qraux[j]) * (Swift.abs(cj[0]) / qraux[j])
                            tt = Swift.max(tt, 0)
                            if Swift.abs(tt) < 1e-6 {
                                qraux[j] = PivotedQR.norm(cj + 1, m - 1)
                                work1[j] = qraux[j]
                            } else {
                                qraux[j] *= tt.squareRoot()
                            }
                        }
                    }
                    qraux[l] = cl[0]
                    cl[0] = -nrmxl
                }
            }
            let rank = Swift.min(k - 1, n)
            // dqrsl: qty = Q'y, then back-substitution with the leading rank x rank triangle.
            var coef = [Double](repeating: 0, count: p)
            x.withUnsafeMutableBufferPointer { xb in
                y.withUnsafeMutableBufferPointer { yb in
                    guard let base = xb.baseAddress, let yp = yb.baseAddress, rank > 0 else { return }
                    let ju = Swift.min(rank, n - 1)
                    for j in 0..<ju where qraux[j] != 0 {
                        let cj = base + j * n + j
                        let saved = cj[0]
                        cj[0] = qraux[j]
                        let m = n - j
                        let t = -PivotedQR.dot(cj, yp + j, m) / cj[0]
                        PivotedQR.axpy(t, cj, yp + j, m)
                        cj[0] = saved
                    }
                    for j in stride(from: rank - 1, through: 0, by: -1) {
                        var s = yp[j]
                        for c in (j + 1)..<rank { s -= base[c * n + j] * coef[c] }
                        coef[j] = s / base[j * n + j]
                    }
                }
            }
            self.rank = rank
            self.pivot = pivot
            self.coefficients = coef
        }

        @inline(__always)
        static func dot(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, _ n: Int) -> Double {
            let ar = UnsafeRawPointer(a), br = UnsafeRawPointer(b)
            var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
            var i = 0
            while i + 8 <= n {
                s0 += ar.loadUnaligned(fromByteOffset: i &* 8, as: SIMD4<Double>.self)
                    * br.loadUnaligned(fromByteOffset: i &* 8, as: SIMD4<Double>.self)
                s1 += ar.loadUnaligned(fromByteOffset: (i &+ 4) &* 8, as: SIMD4<Double>.self)
                    * br.loadUnaligned(fromByteOffset: (i &+ 4) &* 8, as: SIMD4<Double>.self)
                i &+= 8
            }
            var s = (s0 + s1).sum()
            while i < n { s += a[i] * b[i]; i &+= 1 }
            return s
        }

        /// y += t * x over n elements.
        @inline(__always)
        static func axpy(_ t: Double, _ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
            let xr = UnsafeRawPointer(x), yr = UnsafeMutableRawPointer(y)
            let tv = SIMD4<Double>(repeating: t)
            var i = 0
            while i + 4 <= n {
                let off = i &* 8
                let v = yr.loadUnaligned(fromByteOffset: off, as: SIMD4<Double>.self)
                    + tv * xr.loadUnaligned(fromByteOffset: off, as: SIMD4<Double>.self)
                yr.storeBytes(of: v, toByteOffset: off, as: SIMD4<Double>.self)
                i &+= 4
            }
            while i < n { y[i] += t * x[i]; i &+= 1 }
        }

        /// Euclidean norm, rescaled first so that large or tiny columns neither overflow nor
        /// underflow (the purpose of BLAS `dnrm2`'s scaling).
        @inline(__always)
        static func norm(_ a: UnsafeMutablePointer<Double>, _ n: Int) -> Double {
            guard n > 0 else { return 0 }
            var scale = 0.0
            for i in 0..<n { scale = Swift.max(scale, Swift.abs(a[i])) }
            if scale == 0 || !scale.isFinite { return scale }
            if scale > 1e-150 && scale < 1e150 { return dot(a, a, n).squareRoot() }
            var s = 0.0
            let inv = 1 / scale
            for i in 0..<n { let v = a[i] * inv; s += v * v }
            return scale * s.squareRoot()
        }
    }
}

extension LogisticRegression.PivotedQR {
    /// Rows per block in ``tallSkinny(x:n:p:rows:rowWeights:response:tol:)``; a block of 14
    /// columns stays within the L2 cache.
    static let blockRows = 512

    /// Weighted least squares of `response` on the rows `rows` of the column-major `x`
    /// (n by p), each row scaled by `rowWeights`, with `dqrdc2`'s rank decisions.
    ///
    /// For many rows the triangular factor is accumulated block by block (TSQR: each block of
    /// rows is stacked under the current p x p triangle and reduced by Householder reflections),
    /// then `dqrdc2` with its limited pivoting runs on the p x p triangle. Because X = Q R with Q
    /// orthogonal, the column norms and every pivoting decision of `dqrdc2` are the same on R as on
    /// X; only rounding differs. Small problems go straight to `dqrdc2` on X.
    static func tallSkinny(x: [Double], n: Int, p: Int, rows: [Int], rowWeights: [Double],
                           response: [Double], tol: Double) -> LogisticRegression.PivotedQR {
        let ng = rows.count
        if ng <= 4 * blockRows || ng <= 4 * p {
            var xw = [Double](repeating: 0, count: ng * p)
            var zw = [Double](repeating: 0, count: ng)
            x.withUnsafeBufferPointer { xb in
                for (r, i) in rows.enumerated() {
                    let w = rowWeights[r]
                    zw[r] = response[r] * w
                    for j in 0..<p { xw[j * ng + r] = xb[j * n + i] * w }
                }
            }
            return LogisticRegression.PivotedQR(x: &xw, y: &zw, n: ng, p: p, tol: tol)
        }
        var tri = [Double](repeating: 0, count: p * p)     // column-major upper triangle
        var qtz = [Double](repeating: 0, count: p)
        let ldMax = p + blockRows
        var block = [Double](repeating: 0, count: ldMax * p)
        var zb = [Double](repeating: 0, count: ldMax)
        x.withUnsafeBufferPointer { xb in
            block.withUnsafeMutableBufferPointer { wb in
                zb.withUnsafeMutableBufferPointer { zp in
                    guard let w = wb.baseAddress, let z = zp.baseAddress else { return }
                    var start = 0
                    while start < ng {
                        let m = Swift.min(blockRows, ng - start)
                        let ld = p + m
                        for j in 0..<p {
                            let cj = w + j * ld
                            for i in 0..<p { cj[i] = tri[j * p + i] }
                            for r in 0..<m {
                                let row = start + r
                                cj[p + r] = xb[j * n + rows[row]] * rowWeights[row]
                            }
                        }
                        for i in 0..<p { z[i] = qtz[i] }
                        for r in 0..<m { z[p + r] = response[start + r] * rowWeights[start + r] }
                        // Unpivoted Householder reduction of the stacked block.
                        for l in 0..<p {
                            let cl = w + l * ld + l
                            let len = ld - l
                            var nrm = norm(cl, len)
                            if nrm == 0 { continue }
                            if cl[0] < 0 { nrm = -nrm }
                            let inv = 1 / nrm
                            for i in 0..<len { cl[i] *= inv }
                            cl[0] += 1
                            for j in (l + 1)..<Swift.max(p, l + 1) {
                                let cj = w + j * ld + l
                                let t = -dot(cl, cj, len) / cl[0]
                                axpy(t, cl, cj, len)
                            }
                            let t = -dot(cl, z + l, len) / cl[0]
                            axpy(t, cl, z + l, len)
                            cl[0] = -nrm
                            for i in (l + 1)..<ld { cl[i - l] = 0 }
                        }
                        for j in 0..<p {
                            for i in 0...j { tri[j * p + i] = w[j * ld + i] }
                        }
                        for i in 0..<p { qtz[i] = z[i] }
                        start += m
                    }
                }
            }
        }
        return LogisticRegression.PivotedQR(x: &tri, y: &qtz, n: p, p: p, tol: tol)
    }
}
