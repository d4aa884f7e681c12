extension CoxModel {
    /// The Wald test of one model term with several coefficients (a categorical covariate's
    /// indicators, an interaction with one): `b' V⁻¹ b` over the term's estimable coefficients
    /// with V the fit's variance (robust when the fit is), df their number — the joint Wald
    /// test of `survival:::coxph.wtest(fit$var[i, i], coef(fit)[i])` (also `aod::wald.test`,
    /// `car::Anova(fit, test = "Wald")` for a term not involved in interactions). This is not
    /// R's `anova(fit)`, which gives sequential likelihood-ratio tests.
    public struct TermTest: Sendable, Equatable {
        public var term: String
        public var statistic: Double
        public var df: Int
        public var p: Double
    }

    /// One test per term with two or more estimable coefficients, in the order terms appear.
    /// A term whose variance block is singular is left out.
    public func termWaldTests() -> [TermTest] {
        var order: [String] = []
        var columns: [String: [Int]] = [:]
        for (i, c) in coefficients.enumerated() where !c.isRedundant && c.estimate != nil {
            if columns[c.term] == nil { order.append(c.term) }
            columns[c.term, default: []].append(i)
        }
        var out: [TermTest] = []
        for term in order {
            guard let idx = columns[term], idx.count >= 2 else { continue }
            let b = idx.map { coefficients[$0].estimate ?? 0 }
            let v = idx.map { r in idx.map { c in variance[r][c] } }
            guard let x = LogRankTest.solve(v, b) else { continue }
            var chi = 0.0
            for k in b.indices { chi += b[k] * x[k] }
            out.append(TermTest(term: term, statistic: chi, df: idx.count, p: ChiSquared.sf(chi, df: Double(idx.count))))
        }
        return out
    }
}
