import Foundation

/// Log partial likelihood, score and information at one beta, with Efron's or Breslow's
/// handling of tied event times.
///
/// For `d` tied deaths at a time, with `R` the weighted risk-score sum over everyone at risk
/// and `D` the sum over the deaths, Efron's term is
/// `sum_{k=1}^{d} wbar * log(R - D + (k/d) D)` with `wbar` the mean death weight (the deaths
/// enter the sums a fraction `k/d` at a time); Breslow's is `(sum of death weights) * log(R)`.
/// With one death the two agree. Risk sets: right-censored data, everyone whose time is at
/// least t; counting data, rows with `start < t <= stop`; always within stratum.
///
/// Right-censored data is swept once from the largest time down (`coxfit6_iter`); counting
/// data adds rows by descending stop and removes them by descending start (`agfit4`), so each
/// evaluation is O(n p^2) after the one-off sort.
extension CoxNewtonRaphson {
    func accumulateRight(_ beta: [Double], u uOut: inout [Double], imat imatOut: inout [Double]) -> Double {
        let n = design.n, p = design.p
        let method1 = ties == .efron
        var loglik = 0.0
        let u = UnsafeMutablePointer<Double>.allocate(capacity: p + 1)
        let a = UnsafeMutablePointer<Double>.allocate(capacity: p + 1)
        let a2 = UnsafeMutablePointer<Double>.allocate(capacity: p + 1)
        let imat = UnsafeMutablePointer<Double>.allocate(capacity: p * p + 1)
        let cmat = UnsafeMutablePointer<Double>.allocate(capacity: p * p + 1)
        let cmat2 = UnsafeMutablePointer<Double>.allocate(capacity: p * p + 1)
        let bt = UnsafeMutablePointer<Double>.allocate(capacity: p + 1)
        defer { u.deallocate(); a.deallocate(); a2.deallocate(); imat.deallocate(); cmat.deallocate(); cmat2.deallocate(); bt.deallocate() }
        u.initialize(repeating: 0, count: p + 1)
        a.initialize(repeating: 0, count: p + 1)
        a2.initialize(repeating: 0, count: p + 1)
        imat.initialize(repeating: 0, count: p * p + 1)
        cmat.initialize(repeating: 0, count: p * p + 1)
        cmat2.initialize(repeating: 0, count: p * p + 1)
        for i in 0..<p { bt[i] = beta[i] }
        var denom = 0.0

        z.withUnsafeBufferPointer { zb in
        design.stop.withUnsafeBufferPointer { time in
        design.event.withUnsafeBufferPointer { status in
        design.weight.withUnsafeBufferPointer { wt in
        design.stratum.withUnsafeBufferPointer { strat in
            let zp = zb.baseAddress!
            var person = n - 1
            while person >= 0 {
                if person == n - 1 || strat[person + 1] != strat[person] {
                    denom = 0
                    for i in 0..<p { a[i] = 0 }
                    for i in 0..<(p * p) { cmat[i] = 0 }
                }
                let dtime = time[person]
                var ndead = 0
                var deadwt = 0.0
                var denom2 = 0.0
                while person >= 0 && time[person] == dtime {
                    let row = zp + person * p
                    var zbeta = 0.0
                    for i in 0..<p { zbeta += bt[i] * row[i] }
                    let w = wt[person]
                    let risk = exp(zbeta) * w
                    if !status[person] {
                        denom += risk
                        for i in 0..<p {
                            let rx = risk * row[i]
                            a[i] += rx
                            for j in 0...i { cmat[i * p + j] += rx * row[j] }
                        }
                    } else {
                        ndead += 1
                        deadwt += w
                        denom2 += risk
                        loglik += w * zbeta
                        for i in 0..<p {
                            u[i] += w * row[i]
                            let rx = risk * row[i]
                            a2[i] += rx
                            for j in 0...i { cmat2[i * p + j] += rx * row[j] }
                        }
                    }
                    person -= 1
                    if person >= 0 && strat[person + 1] != strat[person] { break }
                }
                if ndead > 0 {
                    if !method1 || ndead == 1 {
                        denom += denom2
                        loglik -= deadwt * log(denom)
                        for i in 0..<p {
                            a[i] += a2[i]
                            let temp2 = a[i] / denom
                            u[i] -= deadwt * temp2
                            for j in 0...i {
                                cmat[i * p + j] += cmat2[i * p + j]
                                imat[j * p + i] += deadwt * (cmat[i * p + j] - temp2 * a[j]) / denom
                            }
                        }
                    } else {
                        let dd = Double(ndead)
                        let wtave = deadwt / dd
                        // Each of the ndead steps adds the same fraction of the deaths' sums;
                        // computed once, it is the same value (the same division) every step.
                        let denomStep = denom2 / dd
                        for i in 0..<p {
                            a2[i] /= dd
                            for j in 0...i { cmat2[i * p + j] /= dd }
                        }
                        for _ in 0..<ndead {
                            denom += denomStep
                            loglik -= wtave * log(denom)
                            for i in 0..<p {
                                a[i] += a2[i]
                                let temp2 = a[i] / denom
                                u[i] -= wtave * temp2
                                for j in 0...i {
                                    cmat[i * p + j] += cmat2[i * p + j]
                                    imat[j * p + i] += wtave * (cmat[i * p + j] - temp2 * a[j]) / denom
                                }
                            }
                        }
                    }
                    for i in 0..<p { a2[i] = 0 }
                    for i in 0..<(p * p) { cmat2[i] = 0 }
                }
            }
        }}}}}
        for i in 0..<p { uOut[i] = u[i] }
        for i in 0..<(p * p) { imatOut[i] = imat[i] }
        return loglik
    }

    func accumulateCounting(_ beta: [Double], u uOut: inout [Double], imat imatOut: inout [Double]) -> Double {
        let p = design.p
        let m = addOrder.count
        let method1 = ties == .efron
        var u = [Double](repeating: 0, count: p)
        var imat = [Double](repeating: 0, count: p * p)
        var a = [Double](repeating: 0, count: p)
        var a2 = [Double](repeating: 0, count: p)
        var cmat = [Double](repeating: 0, count: p * p)
        var cmat2 = [Double](repeating: 0, count: p * p)
        var eta = [Double](repeating: 0, count: design.n)
        for k in 0..<m {
            let r = addOrder[k]
            var zb = 0.0
            for i in 0..<p { zb += beta[i] * z[r * p + i] }
            eta[r] = zb
        }
        var newlk = 0.0
        if m == 0 {
            uOut = u; imatOut = imat
            return 0
        }
        let start = design.start, tstop = design.stop, event = design.event, weights = design.weight, strata = design.stratum
        var person = 0, indx1 = 0
        var recenter = 0.0, denom = 0.0, etasum = 0.0
        var nrisk = 0
        var istrat = strata[addOrder[0]]
        var dtime = 0.0
        while person < m {
            var k = person
            while k < m {
                let pp = addOrder[k]
                if strata[pp] != istrat {
                    istrat = strata[pp]
                    denom = 0; nrisk = 0; etasum = 0
                    for i in 0..<p { a[i] = 0 }
                    for i in 0..<(p * p) { cmat[i] = 0 }
                    person = k
                    indx1 = k
                }
                if event[pp] { dtime = tstop[pp]; break }
                k += 1
            }
            if k == m { break }
            while indx1 < m {
                let p1 = removeOrder[indx1]
                if start[p1] < dtime || strata[p1] != istrat { break }
                nrisk -= 1
                if nrisk == 0 {
                    etasum = 0; denom = 0
                    for i in 0..<p { a[i] = 0; for j in 0...i { cmat[i * p + j] = 0 } }
                } else {
                    etasum -= eta[p1]
                    let risk = exp(eta[p1] - recenter) * weights[p1]
                    denom -= risk
                    for i in 0..<p {
                        let zi = z[p1 * p + i]
                        a[i] -= risk * zi
                        for j in 0...i { cmat[i * p + j] -= risk * zi * z[p1 * p + j] }
                    }
                }
                indx1 += 1
            }
            var denom2 = 0.0, meanwt = 0.0
            var deaths = 0
            for i in 0..<p { a2[i] = 0 }
            for i in 0..<(p * p) { cmat2[i] = 0 }
            while person < m {
                let pp = addOrder[person]
                if strata[pp] != istrat || tstop[pp] < dtime { break }
                nrisk += 1
                etasum += eta[pp]
                if abs(etasum / Double(nrisk) - recenter) > 200 {
                    var temp = etasum / Double(nrisk) - recenter
                    recenter = etasum / Double(nrisk)
                    if denom > 0 {
                        if abs(temp) > 709 { return .nan }   // R: "exp overflow due to covariates"
                        temp = exp(-temp)
                        denom *= temp
                        for i in 0..<p { a[i] *= temp }
                        for i in 0..<(p * p) { cmat[i] *= temp }
                    }
                }
                let risk = exp(eta[pp] - recenter) * weights[pp]
                if event[pp] {
                    deaths += 1
                    denom2 += risk
                    meanwt += weights[pp]
                    newlk += weights[pp] * (eta[pp] - recenter)
                    for i in 0..<p {
                        let zi = z[pp * p + i]
                        u[i] += weights[pp] * zi
                        a2[i] += risk * zi
                        for j in 0...i { cmat2[i * p + j] += risk * zi * z[pp * p + j] }
                    }
                } else {
                    denom += risk
                    for i in 0..<p {
                        let zi = z[pp * p + i]
                        a[i] += risk * zi
                        for j in 0...i { cmat[i * p + j] += risk * zi * z[pp * p + j] }
                    }
                }
                person += 1
            }
            if !method1 || deaths == 1 {
                denom += denom2
                newlk -= meanwt * log(denom)
                for i in 0..<p {
                    a[i] += a2[i]
                    let temp = a[i] / denom
                    u[i] -= meanwt * temp
                    for j in 0...i {
                        cmat[i * p + j] += cmat2[i * p + j]
                        imat[j * p + i] += meanwt * ((cmat[i * p + j] - temp * a[j]) / denom)
                    }
                }
            } else {
                let dd = Double(deaths)
                meanwt /= dd
                // the same fraction every step, divided once (see accumulateRight)
                let denomStep = denom2 / dd
                for i in 0..<p {
                    a2[i] /= dd
                    for j in 0...i { cmat2[i * p + j] /= dd }
                }
                for _ in 0..<deaths {
                    denom += denomStep
                    newlk -= meanwt * log(denom)
                    for i in 0..<p {
                        a[i] += a2[i]
                        let temp = a[i] / denom
                        u[i] -= meanwt * temp
                        for j in 0...i {
                            cmat[i * p + j] += cmat2[i * p + j]
                            imat[j * p + i] += meanwt * ((cmat[i * p + j] - temp * a[j]) / denom)
                        }
                    }
                }
            }
        }
        uOut = u
        imatOut = imat
        return newlk
    }
}
