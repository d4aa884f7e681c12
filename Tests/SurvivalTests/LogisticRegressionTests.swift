import Foundation
import Testing
@testable import Survival

@Suite("Logistic regression vs glm(binomial)")
struct LogisticRegressionTests {
    let data = Lalonde.shared

    func compare(_ fit: LogisticRegression, _ id: String, rel: Double = 1e-8, fittedRel: Double = 1e-8,
                 sourceLocation: SourceLocation = #_sourceLocation) {
        let v = MatchingFixture.values(id)
        #expect(!v.isEmpty, "missing \(id)", sourceLocation: sourceLocation)
        #expect(fit.coefficientNames == (v["coef_names"] as? [String] ?? []), sourceLocation: sourceLocation)
        let coef = refDoubles(v["coef"] ?? v["coefficients"])
        #expect(coef.count == fit.coefficients.count, sourceLocation: sourceLocation)
        for (name, (a, b)) in zip(fit.coefficientNames, zip(fit.coefficients, coef)) {
            expectClose(a, b, rel: rel, abs: 1e-14, "\(id) \(name)", sourceLocation: sourceLocation)
        }
        expectClose(fit.deviance, refDouble(v["deviance"]), rel: 1e-10, "\(id) deviance", sourceLocation: sourceLocation)
        #expect(fit.iterations == (v["iter"] as? Int), "\(id) iterations", sourceLocation: sourceLocation)
        #expect(fit.converged == (v["converged"] as? Bool), sourceLocation: sourceLocation)
        #expect(fit.rank == (v["rank"] as? Int), sourceLocation: sourceLocation)
        let fitted = refDoubles(v["fitted"])
        var worst = 0.0
        for (a, b) in zip(fit.fittedProbabilities, fitted) { if let b { worst = max(worst, abs(a - b) / max(abs(b), 1e-300)) } }
        #expect(worst <= fittedRel, "\(id) fitted max rel error \(worst)", sourceLocation: sourceLocation)
        let rWarnings = (v["warnings"] as? [String] ?? []).filter { $0.hasPrefix("glm.fit") }
        #expect(fit.warnings.map(\.message) == rWarnings, sourceLocation: sourceLocation)
    }

    @Test func lalonde() {
        let y = data.treat.map { $0 ? 1.0 : 0.0 }
        let fit = LogisticRegression(response: y, design: DesignMatrix(modelColumnsFor: data.covariates))
        #expect(fit.coefficientNames == ["(Intercept)", "age", "educ", "racehispan", "racewhite", "married", "nodegree", "re74", "re75"])
        compare(fit, "glm_lalonde")
        #expect(fit.inputProblem == nil)
    }

    /// Lalonde stacked 5 times (3,070 rows) goes through the block-wise (TSQR) path; the
    /// estimates equal R's on the original data and aliasing decisions are unchanged.
    @Test func blockwisePathAgreesWithR() {
        let y = data.treat.map { $0 ? 1.0 : 0.0 }
        let stack = { (v: [Double]) in Array([[Double]](repeating: v, count: 5).joined()) }
        let educ = data.numeric["educ"] ?? []
        var cols = DesignMatrix(modelColumnsFor: data.covariates).columns.map {
            DesignMatrix.Column(name: $0.name, values: stack($0.values))
        }
        let fit = LogisticRegression(response: stack(y), design: DesignMatrix(columns: cols))
        let coef = refDoubles(MatchingFixture.values("glm_lalonde")["coefficients"])
        for (a, b) in zip(fit.coefficients, coef) { expectClose(a, b, rel: 1e-8, "stacked coefficient") }
        #expect(fit.iterations == 5)
        cols.insert(.init(name: "educ2", values: stack(educ.map { 2 * $0 })), at: 2)
        let aliased = LogisticRegression(response: stack(y), design: DesignMatrix(columns: cols))
        #expect(aliased.aliasedNames == ["educ2"])
        for (a, b) in zip(aliased.coefficients.enumerated().filter { $0.offset != 3 }.map(\.element), coef) {
            expectClose(a, b, rel: 1e-8, "stacked coefficient with an aliased column")
        }
    }

    @Test func aliasedColumnsAreNA() {
        let educ = data.numeric["educ"] ?? []
        let cols: [DesignMatrix.Covariate] = [
            data.column("age"), data.column("educ"),
            .numeric(name: "educ2", values: educ.map { 2 * $0 }),
            .numeric(name: "one", values: educ.map { _ in 1 }),
            data.column("married"), data.column("re74"),
        ]
        let fit = LogisticRegression(response: data.treat.map { $0 ? 1 : 0 }, design: DesignMatrix(modelColumnsFor: cols))
        compare(fit, "glm_aliased")
        #expect(fit.aliasedNames == ["educ2", "one"])
        #expect(fit.rank == 5)
    }

    @Test func priorWeights() {
        let v = MatchingFixture.values("glm_weighted")
        let w = refDoubles(v["weights"]).map { $0 ?? 0 }
        let fit = LogisticRegression(response: data.treat.map { $0 ? 1 : 0 },
                                     design: DesignMatrix(modelColumnsFor: ["age", "educ", "re74"].map(data.column)),
                                     weights: w)
        compare(fit, "glm_weighted")
    }

    /// Complete separation: R runs to a huge slope and warns; the path is R's, so the
    /// coefficients agree although they are meaningless.
    @Test func completeSeparation() {
        let v = MatchingFixture.values("glm_separation")
        let y = refDoubles(v["y"]).map { $0 ?? 0 }
        let x = refDoubles(v["x"]).map { $0 ?? 0 }
        let fit = LogisticRegression(response: y, design: DesignMatrix(columns: [.init(name: "x", values: x)]))
        compare(fit, "glm_separation", rel: 1e-6, fittedRel: 1e-3)
        #expect(fit.warnings.contains(.fittedProbabilitiesZeroOrOne))
    }

    @Test func quasiSeparation() {
        let v = MatchingFixture.values("glm_overlap_small")
        let y = refDoubles(v["y"]).map { $0 ?? 0 }
        let x = refDoubles(v["x"]).map { $0 ?? 0 }
        let fit = LogisticRegression(response: y, design: DesignMatrix(columns: [.init(name: "x", values: x)]))
        compare(fit, "glm_overlap_small", rel: 1e-6, fittedRel: 1e-3)
    }

    @Test func nonConvergenceIsFlagged() {
        let y: [Double] = [0, 0, 0, 0, 1, 1, 1, 1]
        let x: [Double] = [1, 2, 3, 4, 5, 6, 7, 8]
        let fit = LogisticRegression(response: y, design: DesignMatrix(columns: [.init(name: "x", values: x)]),
                                     control: .init(maxIterations: 3))
        #expect(!fit.converged)
        #expect(fit.iterations == 3)
        #expect(fit.warnings.first?.message == "glm.fit: algorithm did not converge")
    }

    @Test func badInputIsReportedNotTrapped() {
        let d = DesignMatrix(columns: [.init(name: "x", values: [1, 2, 3])])
        #expect(LogisticRegression(response: [0, 1], design: d).inputProblem == .lengthMismatch)
        #expect(LogisticRegression(response: [0, 2, 1], design: d).inputProblem == .responseNotBinary)
        let nan = DesignMatrix(columns: [.init(name: "x", values: [1, .nan, 3])])
        #expect(LogisticRegression(response: [0, 1, 1], design: nan).inputProblem == .missingValues(column: "x"))
        #expect(LogisticRegression(response: [0, 1, 1], design: d, weights: [0, 0, 0]).inputProblem == .noObservations)
        #expect(LogisticRegression(response: [0, 1, 1], design: d, weights: [1, -1, 1]).inputProblem == .invalidWeights)
        let empty = LogisticRegression(response: [], design: DesignMatrix(columns: []))
        #expect(empty.inputProblem == .noObservations)
        #expect(empty.coefficients == [nil])
        // A single row, more columns than rows, an all-zero column: results, never traps.
        let tiny = LogisticRegression(response: [1], design: DesignMatrix(columns: [.init(name: "x", values: [2]), .init(name: "z", values: [0])]))
        #expect(tiny.rank == 1)
        #expect(tiny.aliasedNames == ["x", "z"])
    }

    @Test func factorExpansionNamesLikeR() {
        let c = DesignMatrix.Covariate.categorical(name: "race", strings: ["white", "black", "hispan", "black"])
        #expect(DesignMatrix(modelColumnsFor: [c]).columns.map(\.name) == ["racehispan", "racewhite"])
        #expect(DesignMatrix(balanceColumnsFor: [c]).columns.map(\.name) == ["raceblack", "racehispan", "racewhite"])
        #expect(DesignMatrix(modelColumnsFor: [c]).columns[1].values == [1, 0, 0, 0])
        // Unused levels are dropped (droplevels); an invalid code is missing (NaN).
        let u = DesignMatrix.Covariate.categorical(name: "g", codes: [1, 2, 2, 7], levels: ["a", "b", "c"])
        let cols = DesignMatrix(modelColumnsFor: [u]).columns
        #expect(cols.map(\.name) == ["gc"])
        #expect(cols[0].values[3].isNaN)
    }
}
