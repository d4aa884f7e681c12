import Testing
@testable import SurvQLData

/// `DeterministicMath.log` and `exp` stop their series once the remaining terms cannot change
/// the sum; the demo cohort (a golden) depends on them giving exactly the bits of the full
/// series. These are the full series as they were, the oracle.
private func fullLog(_ x: Double) -> Double {
    if x.isNaN || x < 0 { return .nan }
    if x == 0 { return -.infinity }
    if x.isInfinite { return x }
    var e = Double(x.exponent)
    var m = x.significand
    if m > 1.414_213_562_373_095 { m /= 2; e += 1 }
    let s = (m - 1) / (m + 1)
    let s2 = s * s
    var term = s
    var sum = 0.0
    var k = 1.0
    while k < 40 {
        sum += term / k
        term *= s2
        k += 2
    }
    return e * 0.693_147_180_559_945_3 + 2 * sum
}

private func fullExp(_ x: Double) -> Double {
    if x.isNaN { return x }
    if x > 709.7 { return .infinity }
    if x < -745 { return 0 }
    let ln2 = 0.693_147_180_559_945_3
    let k = (x / ln2).rounded()
    let r = x - k * ln2
    var term = 1.0
    var sum = 1.0
    var n = 1.0
    while n < 25 {
        term *= r / n
        sum += term
        n += 1
    }
    var result = sum
    var kk = Int(k)
    while kk > 1000 { result *= 0x1p1000; kk -= 1000 }
    while kk < -1000 { result *= 0x1p-1000; kk += 1000 }
    return result * Double(sign: .plus, exponent: kk, significand: 1)
}

@Suite struct DeterministicMathTests {
    @Test func logIsBitIdenticalToTheFullSeries() {
        var rng = SplitMix64(seed: 17)
        var inputs: [Double] = [0, 1, 2, 0.5, 1.414_213_562_373_095, 1.414_213_562_373_095.nextUp, 1.1, 1.35, 1.9, 2.6,
                                0.9, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 1.0.nextUp, 1.0.nextDown]
        for _ in 0..<400_000 {
            inputs.append(rng.uniformPositive())
            inputs.append(Double(sign: .plus, exponent: rng.below(2000) - 1000, significand: 1 + rng.uniform()))
            inputs.append(Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF))
        }
        for x in inputs {
            #expect(DeterministicMath.log(x).bitPattern == fullLog(x).bitPattern, "log(\(x))")
        }
    }

    @Test func expIsBitIdenticalToTheFullSeries() {
        var rng = SplitMix64(seed: 18)
        var inputs: [Double] = [0, -0.0, 1, -1, 709.7, -745, 0.346_573_590_279_972_6, -0.346_573_590_279_972_6, 1e-300, -1e-300]
        for _ in 0..<400_000 {
            inputs.append(rng.uniform() * 40 - 20)
            inputs.append(rng.uniform() * 1400 - 700)
            inputs.append((rng.uniform() - 0.5) * 1e-3)
        }
        for x in inputs {
            #expect(DeterministicMath.exp(x).bitPattern == fullExp(x).bitPattern, "exp(\(x))")
        }
    }
}
