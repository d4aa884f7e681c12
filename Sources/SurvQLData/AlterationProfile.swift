/// Which samples were tested for one kind of alteration, and with which gene panel.
///
/// A sample outside `samples` was not tested: it is neither positive nor negative.
public struct AlterationProfile: Sendable {
    /// The profiled sample rows.
    public let samples: RowSet
    /// The gene panel per sample row (nil when unknown or when the whole panel is unknown).
    public let samplePanels: [String?]
    /// How the profiled samples were determined (for `describe` output): e.g. `gene panel matrix`.
    public let source: String

    public init(samples: RowSet, samplePanels: [String?], source: String) {
        self.samples = samples
        self.samplePanels = samplePanels
        self.source = source
    }
}
