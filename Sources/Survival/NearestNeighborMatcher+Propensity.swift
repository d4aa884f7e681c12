extension NearestNeighborMatcher {
    /// The scale of the propensity-score distance (MatchIt's `link`).
    public enum DistanceScale: Sendable, Equatable {
        /// Fitted probability (`link = "logit"`, the default).
        case probability
        /// Linear predictor, the logit (`link = "linear.logit"`).
        case logit
    }

    /// A propensity model, the match on it, and the balance summary.
    public struct PropensityMatch: Sendable {
        /// The logistic propensity model `treat ~ covariates`.
        public var model: LogisticRegression
        /// The distance used for matching (`m$distance`).
        public var distance: [Double]
        public var result: Result
        /// Balance of the covariates (and exact variables not among them); nil when matching failed.
        public var balance: MatchBalance?
    }

    /// `matchit(treat ~ covariates, method = "nearest", distance = "glm", exact = ~exact, ...)`
    /// followed by `summary()`: fits the logistic propensity score with treatment contrasts,
    /// matches on it (probability or logit scale), and tabulates balance. Exact variables that
    /// are not covariates are appended to the balance table, as MatchIt does.
    public func matchOnPropensity(treated: [Bool], covariates: [DesignMatrix.Covariate],
                                  exact: [DesignMatrix.Covariate] = [],
                                  scale: DistanceScale = .probability) -> PropensityMatch {
        let n = treated.count
        let model = LogisticRegression(response: treated.map { $0 ? 1 : 0 },
                                       design: DesignMatrix(modelColumnsFor: covariates), threads: threads,
                                       isCancelled: isCancelled)
        let distance = scale == .probability ? model.fittedProbabilities : model.linearPredictor
        if let problem = model.inputProblem {
            var r = Result(unitCount: n, treated: treated)
            r.diagnostics.append(.invalidInput("propensity model: " + problem.message))
            return PropensityMatch(model: model, distance: distance, result: r, balance: nil)
        }
        if isCancelled?() == true {
            var r = Result(unitCount: n, treated: treated)
            r.cancelled = true
            return PropensityMatch(model: model, distance: distance, result: r, balance: nil)
        }
        // The cell codes are needed only while matching.
        var result = match(distance: distance, treated: treated,
                           exactCells: exact.isEmpty ? nil : NearestNeighborMatcher.exactCells(exact, count: n))
        let distanceOrder = result.distanceOrder
        result.distanceOrder = nil
        if result.cancelled || isCancelled?() == true {
            var r = result
            r.cancelled = true
            return PropensityMatch(model: model, distance: distance, result: r, balance: nil)
        }
        let names = Set(covariates.map(\.name))
        let balanceCovariates = covariates + exact.filter { !names.contains($0.name) }
        let balance = result.failed ? nil : MatchBalance(balanceCovariates: balanceCovariates,
                                                         distance: distance, treated: treated, match: result,
                                                         threads: threads, distanceOrder: distanceOrder)
        return PropensityMatch(model: model, distance: distance, result: result, balance: balance)
    }

    /// One integer cell code per unit for the joint levels of the exact variables (numeric
    /// variables by distinct value). Codes are dense, in order of first appearance; a row with a
    /// missing value (NaN or an invalid code) gets its own cell per distinct pattern.
    public static func exactCells(_ variables: [DesignMatrix.Covariate], count n: Int) -> [Int] {
        // Each variable's value as a small id (0 for missing), combined into one integer per row;
        // numbering the combined keys by first appearance gives the same cells as numbering the
        // tuples, since the combination is one-to-one.
        var combined = [Int](repeating: 0, count: n)
        var span = 1
        var fits = true
        for v in variables where fits {
            var ids = [Int](repeating: 0, count: n)
            var radix = 1
            switch v {
            case let .categorical(_, codes, levels):
                for i in 0..<n {
                    let c = i < codes.count ? codes[i] : -1
                    ids[i] = c >= 0 && c < levels.count ? c + 1 : 0
                }
                radix = levels.count + 1
            case let .numeric(_, values):
                var seen: [Double: Int] = [:]
                for i in 0..<n {
                    let x = i < values.count ? values[i] : .nan
                    if x.isNaN { continue }
                    if let id = seen[x] { ids[i] = id } else { ids[i] = seen.count + 1; seen[x] = seen.count + 1 }
                }
                radix = seen.count + 1
            }
            let (product, overflow) = span.multipliedReportingOverflow(by: radix)
            if overflow { fits = false; break }
            span = product
            for i in 0..<n { combined[i] = combined[i] * radix + ids[i] }
        }
        if fits {
            var result = [Int](repeating: 0, count: n)
            var cells = 0
            if span <= 4 * n + 64 {
                var cellOf = [Int](repeating: -1, count: span)
                for i in 0..<n {
                    let key = combined[i]
                    if cellOf[key] < 0 { cellOf[key] = cells; cells += 1 }
                    result[i] = cellOf[key]
                }
            } else {
                var cellOf: [Int: Int] = [:]
                for i in 0..<n {
                    if let c = cellOf[combined[i]] { result[i] = c } else { cellOf[combined[i]] = cells; result[i] = cells; cells += 1 }
                }
            }
            return result
        }
        var keys = [[Int]](repeating: [], count: n)
        for v in variables {
            switch v {
            case let .categorical(_, codes, levels):
                for i in 0..<n {
                    let c = i < codes.count ? codes[i] : -1
                    keys[i].append(c >= 0 && c < levels.count ? c : -1)
                }
            case let .numeric(_, values):
                var ids: [Double: Int] = [:]
                for i in 0..<n {
                    let x = i < values.count ? values[i] : .nan
                    if x.isNaN { keys[i].append(-1); continue }
                    if ids[x] == nil { ids[x] = ids.count }
                    keys[i].append(ids[x]!)
                }
            }
        }
        var cellOf: [[Int]: Int] = [:]
        return keys.map { key in
            if let c = cellOf[key] { return c }
            let c = cellOf.count
            cellOf[key] = c
            return c
        }
    }
}
