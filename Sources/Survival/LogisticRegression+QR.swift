import Foundation
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

        /// max |a[i]| over n elements, at least +0; NaNs are passed over, as by the sequential
        /// `scale = max(scale, abs(a[i]))` this replaces (the maximum does not depend on the order).
        @inline(__always)
        static func maxAbs(_ a: UnsafeMutablePointer<Double>, _ n: Int) -> Double {
            let ar = UnsafeRawPointer(a)
            var hi0 = SIMD4<Double>(), hi1 = SIMD4<Double>(), lo0 = SIMD4<Double>(), lo1 = SIMD4<Double>()
            var i = 0
            while i + 8 <= n {
                let v0 = ar.loadUnaligned(fromByteOffset: i &* 8, as: SIMD4<Double>.self)
                let v1 = ar.loadUnaligned(fromByteOffset: (i &+ 4) &* 8, as: SIMD4<Double>.self)
                hi0.replace(with: v0, where: v0 .> hi0)
                hi1.replace(with: v1, where: v1 .> hi1)
                lo0.replace(with: v0, where: v0 .< lo0)
                lo1.replace(with: v1, where: v1 .< lo1)
                i &+= 8
            }
            var scale = 0.0
            for k in 0..<4 {
                scale = Swift.max(scale, hi0[k]); scale = Swift.max(scale, hi1[k])
                scale = Swift.max(scale, -lo0[k]); scale = Swift.max(scale, -lo1[k])
            }
            while i < n { scale = Swift.max(scale, Swift.abs(a[i])); i &+= 1 }
            return scale == 0 ? 0 : scale
        }

        /// Euclidean norm, rescaled first so that large or tiny columns neither overflow nor
        /// underflow (the purpose of BLAS `dnrm2`'s scaling).
        @inline(__always)
        static func norm(_ a: UnsafeMutablePointer<Double>, _ n: Int) -> Double {
            guard n > 0 else { return 0 }
            let scale = maxAbs(a, n)
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
    /// Rows per block in ``tallSkinny(x:rows:rowCount:rowWeights:response:tol:threads:)``; a block of
    /// 14 columns stays within the L2 cache.
    static let blockRows = 512

    /// Weighted least squares of `response` on the rows `rows` of the column-major `x`
    /// (n by p), each row scaled by `rowWeights`, with `dqrdc2`'s rank decisions.
    ///
    /// For many rows the triangular factor is accumulated block by block (TSQR: each block of
    /// rows is stacked under the current p x p triangle and reduced by Householder reflections),
    /// then `dqrdc2` with its limited pivoting runs on the p x p triangle. Because X = Q R with Q
    /// orthogonal, the column norms and every pivoting decision of `dqrdc2` are the same on R as on
    /// X; only rounding differs. Small problems go straight to `dqrdc2` on X.
    ///
    /// With `threads` > 1 the block reduction runs as a two-stage pipeline (see
    /// ``TallSkinnyReduction``); the result is bit-identical to one thread.
    static func tallSkinny(x: InterceptDesign, rows: UnsafePointer<Int>?, rowCount ng: Int, rowWeights: UnsafePointer<Double>,
                           response: UnsafePointer<Double>, tol: Double, threads: Int = 1) -> LogisticRegression.PivotedQR {
        let p = x.p
        if ng <= 4 * blockRows || ng <= 4 * p {
            var xw = [Double](repeating: 0, count: ng * p)
            var zw = [Double](repeating: 0, count: ng)
            for r in 0..<ng {
                let i = rows?[r] ?? r
                let w = rowWeights[r]
                zw[r] = response[r] * w
                xw[r] = w                                   // the intercept: 1 * w
                for j in 1..<p { xw[j * ng + r] = x.column(j)[i] * w }
            }
            return LogisticRegression.PivotedQR(x: &xw, y: &zw, n: ng, p: p, tol: tol)
        }
        var tri = [Double](repeating: 0, count: p * p)
        var qtz = [Double](repeating: 0, count: p)
        let reduction = TallSkinnyReduction(x: x, rows: rows, rowCount: ng, rowWeights: rowWeights, response: response)
        reduction.run(threads: threads, tri: &tri, qtz: &qtz)
        return LogisticRegression.PivotedQR(x: &tri, y: &qtz, n: p, p: p, tol: tol)
    }

    /// Unpivoted Householder steps `steps` on a stacked block (column-major, `ld` rows, `p`
    /// columns, the response in `z`), each step l reflecting rows l..<ld of column l onto row l
    /// and applying the reflection to the later columns and to `z`: the arithmetic of the
    /// original single loop, step by step.
    ///
    /// The later columns (and `z`, one more column) are updated two at a time, in one pass over
    /// the reflector for both dot products and one for both updates. Each column's update needs
    /// only the reflector and itself, and each goes through the same operations in the same
    /// order as alone (``dot2(_:_:_:_:)``, ``axpy2(_:_:_:_:_:_:)``), so the bits are those of
    /// one column at a time.
    @inline(__always)
    static func householderSteps(_ w: UnsafeMutablePointer<Double>, _ z: UnsafeMutablePointer<Double>, ld: Int, p: Int,
                                 steps: Range<Int>) {
        for l in steps {
            let cl = w + l * ld + l
            let len = ld - l
            var nrm = norm(cl, len)
            if nrm == 0 { continue }
            if cl[0] < 0 { nrm = -nrm }
            let inv = 1 / nrm
            scale(cl, len, by: inv)
            cl[0] += 1
            let c0 = cl[0]
            // Column j of the block for j < p, `z` for j == p.
            @inline(__always) func column(_ j: Int) -> UnsafeMutablePointer<Double> { j < p ? w + j * ld + l : z + l }
            var j = l + 1
            while j + 1 <= p {
                let a = column(j), b = column(j + 1)
                let (da, db) = dot2(cl, a, b, len)
                axpy2(-da / c0, -db / c0, cl, a, b, len)
                j += 2
            }
            if j == p {
                let t = -dot(cl, z + l, len) / c0
                axpy(t, cl, z + l, len)
            }
            cl[0] = -nrm
        }
    }

    /// ``dot(_:_:_:)`` of `a` with `b` and of `a` with `c`, in one pass: each sum is formed
    /// exactly as `dot` forms it.
    @inline(__always)
    static func dot2(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, _ c: UnsafeMutablePointer<Double>,
                     _ n: Int) -> (Double, Double) {
        let ar = UnsafeRawPointer(a), br = UnsafeRawPointer(b), cr = UnsafeRawPointer(c)
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>(), u0 = SIMD4<Double>(), u1 = SIMD4<Double>()
        var i = 0
        while i + 8 <= n {
            let a0 = ar.loadUnaligned(fromByteOffset: i &* 8, as: SIMD4<Double>.self)
            let a1 = ar.loadUnaligned(fromByteOffset: (i &+ 4) &* 8, as: SIMD4<Double>.self)
            s0 += a0 * br.loadUnaligned(fromByteOffset: i &* 8, as: SIMD4<Double>.self)
            s1 += a1 * br.loadUnaligned(fromByteOffset: (i &+ 4) &* 8, as: SIMD4<Double>.self)
            u0 += a0 * cr.loadUnaligned(fromByteOffset: i &* 8, as: SIMD4<Double>.self)
            u1 += a1 * cr.loadUnaligned(fromByteOffset: (i &+ 4) &* 8, as: SIMD4<Double>.self)
            i &+= 8
        }
        var s = (s0 + s1).sum(), u = (u0 + u1).sum()
        while i < n { s += a[i] * b[i]; u += a[i] * c[i]; i &+= 1 }
        return (s, u)
    }

    /// ``axpy(_:_:_:_:)`` of `x` into `y` (times `t`) and into `v` (times `s`), in one pass.
    @inline(__always)
    static func axpy2(_ t: Double, _ s: Double, _ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>,
                      _ v: UnsafeMutablePointer<Double>, _ n: Int) {
        let xr = UnsafeRawPointer(x), yr = UnsafeMutableRawPointer(y), vr = UnsafeMutableRawPointer(v)
        let tv = SIMD4<Double>(repeating: t), sv = SIMD4<Double>(repeating: s)
        var i = 0
        while i + 4 <= n {
            let off = i &* 8
            let xi = xr.loadUnaligned(fromByteOffset: off, as: SIMD4<Double>.self)
            let a = yr.loadUnaligned(fromByteOffset: off, as: SIMD4<Double>.self) + tv * xi
            let b = vr.loadUnaligned(fromByteOffset: off, as: SIMD4<Double>.self) + sv * xi
            yr.storeBytes(of: a, toByteOffset: off, as: SIMD4<Double>.self)
            vr.storeBytes(of: b, toByteOffset: off, as: SIMD4<Double>.self)
            i &+= 4
        }
        while i < n { y[i] += t * x[i]; v[i] += s * x[i]; i &+= 1 }
    }

    /// a[i] *= s over n elements.
    @inline(__always)
    static func scale(_ a: UnsafeMutablePointer<Double>, _ n: Int, by s: Double) {
        let ar = UnsafeMutableRawPointer(a)
        let sv = SIMD4<Double>(repeating: s)
        var i = 0
        while i + 4 <= n {
            let off = i &* 8
            ar.storeBytes(of: ar.loadUnaligned(fromByteOffset: off, as: SIMD4<Double>.self) * sv, toByteOffset: off, as: SIMD4<Double>.self)
            i &+= 4
        }
        while i < n { a[i] *= s; i &+= 1 }
    }
}

/// The block-by-block reduction behind ``LogisticRegression/PivotedQR/tallSkinny(x:rows:rowCount:rowWeights:response:tol:threads:)``.
///
/// Row i of the triangle is final once step i of a block has run: later steps of that block start
/// below it, and earlier steps only add multiples of the structural zeros below the previous
/// triangle's diagonal to it, which leave every finite value unchanged. So step l of block b needs
/// only row l of the triangle left by block b - 1, and the steps split into two stages, 0..<k and
/// k..<p, that run on two threads as a pipeline: the first builds each block (weighted rows under
/// its rows of the triangle, zeros in the second stage's rows) and runs its steps; the second puts
/// its rows of the previous triangle into the block and runs the rest. Every value goes through
/// the same operations in the same order as on one thread, so the triangle is bit-identical.
final class TallSkinnyReduction: @unchecked Sendable {
    let x: InterceptDesign
    let p: Int
    /// The rows to use (nil: all rows in order).
    let rows: UnsafePointer<Int>?
    let rowCount: Int
    let rowWeights: UnsafePointer<Double>
    let response: UnsafePointer<Double>
    let ld: Int
    let blockCount: Int

    init(x: InterceptDesign, rows: UnsafePointer<Int>?, rowCount: Int, rowWeights: UnsafePointer<Double>,
         response: UnsafePointer<Double>) {
        self.x = x
        p = x.p
        self.rows = rows
        self.rowCount = rowCount
        self.rowWeights = rowWeights
        self.response = response
        ld = p + LogisticRegression.PivotedQR.blockRows
        blockCount = (rowCount + LogisticRegression.PivotedQR.blockRows - 1) / LogisticRegression.PivotedQR.blockRows
    }

    /// Rows of block `b` in the stacked matrix (`p` triangle rows first).
    func stackedRows(_ b: Int) -> Int { p + Swift.min(LogisticRegression.PivotedQR.blockRows, rowCount - b * LogisticRegression.PivotedQR.blockRows) }

    /// Fills the weighted data rows of block `b` (rows p..<ld of each column and of z).
    func build(_ b: Int, _ w: UnsafeMutablePointer<Double>, _ z: UnsafeMutablePointer<Double>, ld: Int) {
        let start = b * LogisticRegression.PivotedQR.blockRows
        let m = ld - p
        let wt = rowWeights + start
        let first = rows?[start] ?? start
        let contiguous = rows.map { $0[start + m - 1] - $0[start] == m - 1 } ?? true
        // The intercept column: 1 * weight.
        (w + p).update(from: wt, count: m)
        for j in 1..<p {
            let dst = w + j * ld + p
            let col = x.column(j)
            if let rows, !contiguous {
                let rp = rows + start
                for r in 0..<m { dst[r] = col[rp[r]] * wt[r] }
            } else {
                let src = col + first
                for r in 0..<m { dst[r] = src[r] * wt[r] }
            }
        }
        let zr = response + start
        for r in 0..<m { z[p + r] = zr[r] * wt[r] }
    }

    /// Writes rows `own` of the triangle `tri` (p x p, column-major) and of `qtz` into the top of a
    /// block; with `zeroRest`, rows at or after `own.upperBound` are set to zero.
    func putTop(_ w: UnsafeMutablePointer<Double>, _ z: UnsafeMutablePointer<Double>, ld: Int, own: Range<Int>, zeroRest: Bool,
                tri: UnsafeMutablePointer<Double>, qtz: UnsafeMutablePointer<Double>) {
        let upper = zeroRest ? p : own.upperBound
        for j in 0..<p {
            let cj = w + j * ld
            for i in own.lowerBound..<upper { cj[i] = own.contains(i) ? tri[j * p + i] : 0 }
        }
        for i in own.lowerBound..<upper { z[i] = own.contains(i) ? qtz[i] : 0 }
    }

    /// Copies rows `own` of the reduced block's top back into `tri` (upper triangle) and `qtz`.
    func takeTop(_ w: UnsafeMutablePointer<Double>, _ z: UnsafeMutablePointer<Double>, ld: Int, own: Range<Int>,
                 tri: UnsafeMutablePointer<Double>, qtz: UnsafeMutablePointer<Double>) {
        for j in 0..<p {
            for i in own where i <= j { tri[j * p + i] = w[j * ld + i] }
        }
        for i in own { qtz[i] = z[i] }
    }

    /// Householder steps `steps` on the block at `w` (right-hand side `z`): the rows `steps` of
    /// `tri` and `qtz` go on top of the block (`zeroRest`: the rows below them zeroed), the steps
    /// run, and the reduced rows go back.
    func reduce(_ w: UnsafeMutablePointer<Double>, _ z: UnsafeMutablePointer<Double>, ld: Int, steps: Range<Int>,
                zeroRest: Bool, tri: UnsafeMutablePointer<Double>, qtz: UnsafeMutablePointer<Double>) {
        putTop(w, z, ld: ld, own: steps, zeroRest: zeroRest, tri: tri, qtz: qtz)
        LogisticRegression.PivotedQR.householderSteps(w, z, ld: ld, p: p, steps: steps)
        takeTop(w, z, ld: ld, own: steps, tri: tri, qtz: qtz)
    }

    /// Blocks handed from the first stage to the second at a time, and buffers in flight.
    static let blocksPerHandoff = 8
    static let handoffSlots = 3

    /// Reduces all blocks into `tri` (p x p column-major upper triangle) and `qtz`.
    func run(threads: Int, tri: inout [Double], qtz: inout [Double]) {
        let split = threads > 1 && blockCount >= 4 * TallSkinnyReduction.blocksPerHandoff ? stageSplit() : p
        tri.withUnsafeMutableBufferPointer { tb in
            qtz.withUnsafeMutableBufferPointer { qb in
                let t = tb.baseAddress!, q = qb.baseAddress!
                if split <= 0 || split >= p {
                    let w = UnsafeMutablePointer<Double>.allocate(capacity: ld * p + ld)
                    defer { w.deallocate() }
                    for b in 0..<blockCount {
                        let ldb = stackedRows(b)
                        let z = w + ldb * p
                        build(b, w, z, ld: ldb)
                        reduce(w, z, ld: ldb, steps: 0..<p, zeroRest: true, tri: t, qtz: q)
                    }
                } else {
                    pipeline(split: split, tri: t, qtz: q)
                }
            }
        }
    }

    /// The first step of the second stage, balancing the two stages' estimated work: step l
    /// makes about p - l + 2 passes of dot and update over the block, and building a block costs
    /// about half a pass per column.
    func stageSplit() -> Int {
        let cost = (0..<p).map { Double(2 * (p - $0) + 2) }
        let total = cost.reduce(0, +) + 0.5 * Double(p)
        var first = 0.5 * Double(p)
        var k = 0
        while k < p - 1 && first + cost[k] <= total / 2 { first += cost[k]; k += 1 }
        return Swift.max(k, 1)
    }

    /// Two threads: this one runs steps 0..<split, a helper thread steps split..<p.
    func pipeline(split: Int, tri: UnsafeMutablePointer<Double>, qtz: UnsafeMutablePointer<Double>) {
        let per = TallSkinnyReduction.blocksPerHandoff
        let slots = TallSkinnyReduction.handoffSlots
        let blockSize = ld * p + ld
        let buffers = UnsafeMutablePointer<Double>.allocate(capacity: slots * per * blockSize)
        defer { buffers.deallocate() }
        let groups = (blockCount + per - 1) / per
        let free = DispatchSemaphore(value: slots)
        let filled = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let second = StageRows(p: p)
        let shared = PipelineBuffers(buffers)
        let worker = Thread { [self] in
            for g in 0..<groups {
                filled.wait()
                let base = shared.pointer + (g % slots) * per * blockSize
                for b in (g * per)..<Swift.min(blockCount, (g + 1) * per) {
                    let w = base + (b - g * per) * blockSize
                    let ldb = stackedRows(b)
                    let z = w + ldb * p
                    reduce(w, z, ld: ldb, steps: split..<p, zeroRest: false, tri: second.tri, qtz: second.qtz)
                }
                free.signal()
            }
            done.signal()
        }
        worker.stackSize = 1 << 20
        worker.start()
        for g in 0..<groups {
            free.wait()
            let base = buffers + (g % slots) * per * blockSize
            for b in (g * per)..<Swift.min(blockCount, (g + 1) * per) {
                let w = base + (b - g * per) * blockSize
                let ldb = stackedRows(b)
                let z = w + ldb * p
                build(b, w, z, ld: ldb)
                reduce(w, z, ld: ldb, steps: 0..<split, zeroRest: true, tri: tri, qtz: qtz)
            }
            filled.signal()
        }
        done.wait()
        for j in 0..<p {
            for i in split..<p where i <= j { tri[j * p + i] = second.tri[j * p + i] }
        }
        for i in split..<p { qtz[i] = second.qtz[i] }
    }

    /// The second stage's rows of the triangle and of Q'z (owned by its thread while it runs).
    final class StageRows: @unchecked Sendable {
        let tri: UnsafeMutablePointer<Double>
        let qtz: UnsafeMutablePointer<Double>
        init(p: Int) {
            tri = .allocate(capacity: p * p)
            tri.initialize(repeating: 0, count: p * p)
            qtz = .allocate(capacity: p)
            qtz.initialize(repeating: 0, count: p)
        }
        deinit {
            tri.deallocate()
            qtz.deallocate()
        }
    }

    /// The pipeline's block buffers, handed between the threads through the semaphores.
    struct PipelineBuffers: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<Double>
        init(_ pointer: UnsafeMutablePointer<Double>) { self.pointer = pointer }
    }
}
