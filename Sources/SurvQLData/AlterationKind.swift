/// The kinds of genomic alteration a study may profile.
public enum AlterationKind: String, Sendable, Hashable, CaseIterable {
    /// Structural variants and fusions (`data_sv.txt`, legacy `data_fusions.txt`).
    case structuralVariant = "sv"
    /// Discrete copy-number calls.
    case copyNumber = "cna"
    /// Mutations (MAF).
    case mutation = "mutation"
}

/// Which genes a site of an alteration may be.
public enum GeneMatcher: Sendable, Hashable {
    /// Any gene, or none.
    case any
    /// No gene: an intergenic site (empty gene name, or an `IGR` region / description).
    case none
    /// One of these genes (compared case-insensitively).
    case anyOf(Set<String>)

    /// Convenience for one gene.
    public static func gene(_ name: String) -> GeneMatcher { .anyOf([name]) }

    /// The genes upper-cased (nil for `.any` and `.none`).
    var upperGenes: Set<String>? {
        if case let .anyOf(g) = self { return Set(g.map { $0.uppercased() }) }
        return nil
    }
}
