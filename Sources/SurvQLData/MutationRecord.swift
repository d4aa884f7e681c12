/// One mutation (MAF row) linked to its sample and patient.
public struct MutationRecord: Sendable, Hashable {
    public let sample: Int32
    public let patient: Int32
    /// The gene, upper case.
    public let gene: String
    /// `HGVSp_Short` without the `p.` prefix (`G12C`), nil when absent.
    public let proteinChange: String?
    /// `Variant_Classification` (`Missense_Mutation`, ...), nil when absent.
    public let classification: String?
}

/// A mutation predicate: any of `genes`, optionally with a protein change and classifications.
///
/// `proteinChange` is compared case-insensitively without a `p.` prefix, so `G12C` matches
/// `p.G12C`. A change that ends in a digit names a position (`G12` matches `G12C` and `G12D`);
/// otherwise it must match exactly.
public struct MutationQuery: Sendable, Hashable {
    public var genes: Set<String>
    public var proteinChange: String?
    /// Accepted `Variant_Classification` values (case-insensitive); nil accepts all.
    public var classifications: Set<String>?

    public init(genes: Set<String>, proteinChange: String? = nil, classifications: Set<String>? = nil) {
        self.genes = genes
        self.proteinChange = proteinChange
        self.classifications = classifications
    }

    static func normalizeChange(_ s: String) -> String {
        var t = s.trimmingSpaces().uppercased()
        if t.hasPrefix("P.") { t.removeFirst(2) }
        return t
    }

    func matches(_ m: MutationRecord) -> Bool {
        if let want = proteinChange.map(MutationQuery.normalizeChange), !want.isEmpty {
            guard let have = m.proteinChange?.uppercased() else { return false }
            if let last = want.last, last.isNumber {
                // A position: the change must continue with a non-digit (G12 matches G12C, not G123A).
                guard have.hasPrefix(want) else { return false }
                let rest = have.dropFirst(want.count)
                if let next = rest.first, next.isNumber { return false }
            } else if have != want {
                return false
            }
        }
        if let classes = classifications {
            guard let c = m.classification?.lowercased(), classes.contains(where: { $0.lowercased() == c }) else { return false }
        }
        return true
    }
}
