import Foundation

/// Power and sample size of a two-group survival comparison (log-rank / Cox test of a hazard
/// ratio), by the closed forms of Schoenfeld (1983) and Freedman (1982).
///
/// With allocation 1:K (K patients in the reference group per patient in the compared group,
/// so the compared group's share is p = 1/(1+K)), hazard ratio Δ of the compared group against
/// the reference, two-sided level α and D events in all:
///
/// - Schoenfeld: `D = (z_{1-α/2} + z_{1-β})² / (p (1-p) (log Δ)²)`; power
///   `Φ(|log Δ| sqrt(D p (1-p)) - z_{1-α/2})`.
/// - Freedman: `D = (z_{1-α/2} + z_{1-β})² (Δ + K)² / (K (Δ - 1)²)`; power
///   `Φ(|Δ - 1| sqrt(D K) / (Δ + K) - z_{1-α/2})` (for K = 1 the familiar
///   `((1 + Δ)/(1 - Δ))²` form; the same as powerSurvEpi's `ssizeCT` with its k = 1/K).
///
/// Patients follow from events through the probability of an event over the study,
/// `N = D / P(event)`. The power formulas leave out the far tail (`Φ(-|...| - z)`), as both
/// papers and R's usual closed-form code do. Events and patients needed are returned unrounded;
/// callers round up.
public enum SurvivalPower {
    /// The formula.
    public enum Method: String, Sendable, CaseIterable {
        case schoenfeld, freedman
    }

    /// The events needed for `power` (not rounded).
    public static func events(hazardRatio hr: Double, power: Double, alpha: Double = 0.05, ratio k: Double = 1,
                              method: Method = .schoenfeld) -> Double? {
        guard valid(hr, alpha, k), power > 0, power < 1 else { return nil }
        let zz = Normal.quantile(1 - alpha / 2) + Normal.quantile(power)
        switch method {
        case .schoenfeld:
            let p = 1 / (1 + k)
            let l = log(hr)
            return zz * zz / (p * (1 - p) * l * l)
        case .freedman:
            return zz * zz * (hr + k) * (hr + k) / (k * (hr - 1) * (hr - 1))
        }
    }

    /// The power with `events` events in all.
    public static func power(hazardRatio hr: Double, events d: Double, alpha: Double = 0.05, ratio k: Double = 1,
                             method: Method = .schoenfeld) -> Double? {
        guard valid(hr, alpha, k), d >= 0, d.isFinite else { return nil }
        let za = Normal.quantile(1 - alpha / 2)
        switch method {
        case .schoenfeld:
            let p = 1 / (1 + k)
            return Normal.cdf(abs(log(hr)) * (d * p * (1 - p)).squareRoot() - za)
        case .freedman:
            return Normal.cdf(abs(hr - 1) * (d * k).squareRoot() / (hr + k) - za)
        }
    }

    private static func valid(_ hr: Double, _ alpha: Double, _ k: Double) -> Bool {
        hr > 0 && hr != 1 && hr.isFinite && alpha > 0 && alpha < 1 && k > 0 && k.isFinite
    }
}
