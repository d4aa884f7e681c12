import Testing
@testable import Survival

/// The Monte Carlo Fisher test used for r × c tables too large to enumerate.
@Suite struct FisherSimulatedTests {
    @Test func agreesWithTheExactTestWithinMonteCarloError() throws {
        let tables: [[[Int]]] = [
            [[3, 10], [7, 4], [1, 12]],
            [[0, 5, 2], [4, 1, 6], [2, 2, 2]],
            [[12, 30], [5, 40]],
        ]
        for t in tables {
            let exact = try #require(FisherExactTest.test(table: t)?.pValue)
            var rng = SplitMix64(seed: 42)
            let b = 40_000
            let p = try #require(FisherExactTest.simulatedPValue(table: t, replicates: b, using: &rng))
            let se = (exact * (1 - exact) / Double(b)).squareRoot()
            #expect(abs(p - exact) < 5 * se + 2 / Double(b), "table \(t): simulated \(p), exact \(exact)")
        }
    }

    @Test func sameSeedSameAnswerAndFloorAtOneOverBPlusOne() throws {
        let t = [[40, 0], [0, 40]]
        var a = SplitMix64(seed: 7), b = SplitMix64(seed: 7)
        let p1 = FisherExactTest.simulatedPValue(table: t, replicates: 999, using: &a)
        let p2 = FisherExactTest.simulatedPValue(table: t, replicates: 999, using: &b)
        #expect(p1 == p2)
        #expect(p1 == 1.0 / 1000)
    }

    @Test func invalidTablesGiveNil() {
        var rng = SplitMix64(seed: 1)
        #expect(FisherExactTest.simulatedPValue(table: [[1, 2]], replicates: 10, using: &rng) == nil)
        #expect(FisherExactTest.simulatedPValue(table: [[1, -2], [3, 4]], replicates: 10, using: &rng) == nil)
        #expect(FisherExactTest.simulatedPValue(table: [[0, 0], [0, 0]], replicates: 10, using: &rng) == nil)
        #expect(FisherExactTest.simulatedPValue(table: [[1, 2], [3, 4]], replicates: 0, using: &rng) == nil)
    }
}
