import Foundation

/// Options set with `set NAME VALUE`; they apply to the statements after them.
public struct SessionOptions: Sendable {
    /// Confidence level of intervals (`set confidence 0.90`).
    public var confidence: Double = 0.95
    /// Kaplan–Meier interval transform: `log` (R's default), `log-log` or `plain`.
    public var confType: String = "log"
    /// Cox tie handling: `efron` (R's default) or `breslow`.
    public var ties: String = "efron"
    /// Seed for random choices (matching order); nil for none.
    public var seed: UInt64?
    /// Unit of analysis for cBioPortal studies loaded afterwards.
    public var level: AnalysisUnit = .patient
    /// Which MatchIt `match` reproduces: `matchit-4.7.2` (default, the current release: exact
    /// distances, a working caliper, its tie-breaking) or `matchit-4.5.1` (Debian 12's release,
    /// bit for bit, with its whole-number gaps: ties go to the lower score and a caliper on the
    /// probability scale rejects nothing). `nearest` is another name for `matchit-4.7.2`.
    public var matchRule: String = "matchit-4.7.2"
    /// Resolution of PNG figures (`set plot_dpi 300`); SVG and PDF are resolution-free.
    public var plotDPI: Double = 150
    /// Threads for loading and the statistics (`set threads 2`); at least 1, default the cores
    /// available. Results are the same whatever the count.
    public var threads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public init() {}
}
