/// A discrete copy-number level as cBioPortal codes it (GISTIC-style).
public enum CNALevel: Int8, Sendable, Hashable, CaseIterable {
    /// -2: deep (homozygous) deletion.
    case homdel = -4
    /// -1.5: a loss whose depth is uncertain (cBioPortal allows it; it matches neither
    /// `homdel` nor `hetloss` unless asked for).
    case uncertainLoss = -3
    /// -1: shallow (heterozygous) loss.
    case hetloss = -2
    /// 1: low-level gain.
    case gain = 2
    /// 2: high-level amplification.
    case amp = 4

    /// The value as written in data files (-2, -1.5, -1, 1, 2).
    public var value: Double { Double(rawValue) / 2 }

    /// The level of a data-file value; nil for 0 (diploid), NA and anything else.
    public init?(value: Double) {
        switch value {
        case -2: self = .homdel
        case -1.5: self = .uncertainLoss
        case -1: self = .hetloss
        case 1: self = .gain
        case 2: self = .amp
        default: return nil
        }
    }
}

/// One non-neutral copy-number call.
public struct CopyNumberCall: Sendable, Hashable {
    public let sample: Int32
    public let patient: Int32
    /// The gene, upper case.
    public let gene: String
    public let level: CNALevel
}

/// A copy-number predicate: any of `genes` at any of `levels`.
public struct CNAQuery: Sendable, Hashable {
    public var genes: Set<String>
    public var levels: Set<CNALevel>
    public init(genes: Set<String>, levels: Set<CNALevel>) {
        self.genes = genes
        self.levels = levels
    }
}
