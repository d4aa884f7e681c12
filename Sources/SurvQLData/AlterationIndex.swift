/// Fusions, copy-number calls and mutations of a dataset, indexed by gene, with which samples
/// were profiled for each kind.
///
/// Queries cost time proportional to the matching postings (gene → record lists), not to the
/// number of patients, and return `RowSet`s over patient rows or sample rows.
/// A patient is positive when any of its samples is.
public final class AlterationIndex: Sendable {
    /// Patient rows in the dataset.
    public let patientCount: Int
    /// The patient row of each sample row.
    public let samplePatient: [Int32]
    public let fusions: [FusionEvent]
    public let copyNumberCalls: [CopyNumberCall]
    public let mutations: [MutationRecord]
    /// Profiling per alteration kind; a kind without an entry has no data in the study.
    public let profiles: [AlterationKind: AlterationProfile]
    /// Gene lists of gene panels (panel id → upper-case genes), when panel files exist.
    public let panelGenes: [String: Set<String>]

    private let fusionPostings: [String: [Int32]]
    private let cnaPostings: [String: [Int32]]
    private let mutationPostings: [String: [Int32]]

    /// Builds the index; records whose sample or patient row is out of range are dropped.
    public init(patientCount: Int, samplePatient: [Int32], fusions: [FusionEvent] = [],
                copyNumberCalls: [CopyNumberCall] = [], mutations: [MutationRecord] = [],
                profiles: [AlterationKind: AlterationProfile] = [:], panelGenes: [String: Set<String>] = [:]) {
        self.patientCount = patientCount
        self.samplePatient = samplePatient
        let sampleCount = samplePatient.count
        func valid(_ s: Int32, _ p: Int32) -> Bool { s >= 0 && Int(s) < sampleCount && p >= 0 && Int(p) < patientCount }
        self.fusions = fusions.filter { valid($0.sample, $0.patient) }
        self.copyNumberCalls = copyNumberCalls.filter { valid($0.sample, $0.patient) }
        self.mutations = mutations.filter { valid($0.sample, $0.patient) }
        self.profiles = profiles
        self.panelGenes = panelGenes

        var fp: [String: [Int32]] = [:]
        for (i, e) in self.fusions.enumerated() {
            if let g = e.site1Gene { fp[g, default: []].append(Int32(i)) }
            if let g = e.site2Gene, g != e.site1Gene { fp[g, default: []].append(Int32(i)) }
        }
        fusionPostings = fp
        var cp: [String: [Int32]] = [:]
        for (i, c) in self.copyNumberCalls.enumerated() { cp[c.gene, default: []].append(Int32(i)) }
        cnaPostings = cp
        var mp: [String: [Int32]] = [:]
        for (i, m) in self.mutations.enumerated() { mp[m.gene, default: []].append(Int32(i)) }
        mutationPostings = mp
    }

    /// An index with no alterations and no profiling.
    public static func empty(patientCount: Int, samplePatient: [Int32] = []) -> AlterationIndex {
        AlterationIndex(patientCount: patientCount, samplePatient: samplePatient)
    }

    /// The number of sample rows.
    public var sampleCount: Int { samplePatient.count }

    // MARK: Fusions

    /// The structural-variant rows matching `query`, in file order.
    public func fusionEvents(matching query: FusionQuery) -> [FusionEvent] {
        fusionIndices(matching: query).map { fusions[Int($0)] }
    }

    func fusionIndices(matching query: FusionQuery) -> [Int32] {
        let up = query.upstream.upperGenes
        let down = query.downstream.upperGenes
        // Candidates from the postings of the named genes; a query naming none scans every event.
        var candidates: [Int32]
        if let genes = up ?? down {
            var seen = Set<Int32>()
            candidates = []
            for g in genes { for i in fusionPostings[g] ?? [] where seen.insert(i).inserted { candidates.append(i) } }
            candidates.sort()
        } else {
            candidates = Array(0..<Int32(fusions.count))
        }
        return candidates.filter { query.matches(fusions[Int($0)], up: up, down: down) }
    }

    /// Patient rows with at least one matching structural variant.
    public func patients(matching query: FusionQuery) -> RowSet {
        RowSet(universe: patientCount, rows: fusionIndices(matching: query).map { fusions[Int($0)].patient })
    }

    /// Sample rows with at least one matching structural variant.
    public func samples(matching query: FusionQuery) -> RowSet {
        RowSet(universe: sampleCount, rows: fusionIndices(matching: query).map { fusions[Int($0)].sample })
    }

    /// Rows (patients, or samples when `perSample`) with an event of unknown orientation that
    /// would match `query` one way round or the other; an ordered query does not count them.
    public func unknownOrientationRows(matching query: FusionQuery, perSample: Bool) -> RowSet {
        var relaxed = query
        relaxed.eitherOrientation = true
        let hits = fusionIndices(matching: relaxed).filter { !fusions[Int($0)].orientationKnown }
        return perSample ? RowSet(universe: sampleCount, rows: hits.map { fusions[Int($0)].sample })
            : RowSet(universe: patientCount, rows: hits.map { fusions[Int($0)].patient })
    }

    /// Genes named in any structural variant, sorted.
    public var fusionGenes: [String] { fusionPostings.keys.sorted() }

    /// The partners of `gene` in structural variants, most patients first (then by name;
    /// intergenic last among equals). Intragenic events count the gene as its own partner.
    public func partners(of gene: String) -> [PartnerCount] {
        let everyone = RowSet(universe: patientCount).complement()
        return FusionAnnotation.partners(of: gene, index: self, patients: everyone).map {
            PartnerCount(partner: $0.partner, geneUpstream: $0.geneUpstream, geneDownstream: $0.geneDownstream,
                         orientationUnknown: $0.orientationUnknown, patients: $0.patients)
        }
    }

    // MARK: Genes

    /// Whether any record of `kind` names `gene` (upper case): a structural-variant site, a
    /// non-neutral copy-number call or a mutation.
    public func names(_ gene: String, kind: AlterationKind) -> Bool {
        switch kind {
        case .structuralVariant: return fusionPostings[gene] != nil
        case .copyNumber: return cnaPostings[gene] != nil
        case .mutation: return mutationPostings[gene] != nil
        }
    }

    /// Whether a gene panel whose gene list is known covers `gene` (upper case).
    public func panelsCover(_ gene: String) -> Bool {
        panelGenes.values.contains { $0.contains(gene) }
    }

    /// Whether the study knows `gene` (upper case) at all: a record of any kind names it or a
    /// panel covers it.
    public func knows(_ gene: String) -> Bool {
        fusionPostings[gene] != nil || cnaPostings[gene] != nil || mutationPostings[gene] != nil || panelsCover(gene)
    }

    /// Every gene a record names or a panel covers (for suggestions).
    public var knownGenes: Set<String> {
        var out = Set(fusionPostings.keys).union(cnaPostings.keys).union(mutationPostings.keys)
        for g in panelGenes.values { out.formUnion(g) }
        return out
    }

    // MARK: Copy number

    private func cnaIndices(matching query: CNAQuery) -> [Int32] {
        var out: [Int32] = []
        for g in Set(query.genes.map { $0.uppercased() }) {
            for i in cnaPostings[g] ?? [] where query.levels.contains(copyNumberCalls[Int(i)].level) { out.append(i) }
        }
        return out
    }

    /// The calls matching `query`.
    public func copyNumberCalls(matching query: CNAQuery) -> [CopyNumberCall] {
        cnaIndices(matching: query).sorted().map { copyNumberCalls[Int($0)] }
    }

    /// Patient rows with a matching copy-number call.
    public func patients(matching query: CNAQuery) -> RowSet {
        RowSet(universe: patientCount, rows: cnaIndices(matching: query).map { copyNumberCalls[Int($0)].patient })
    }

    /// Sample rows with a matching copy-number call.
    public func samples(matching query: CNAQuery) -> RowSet {
        RowSet(universe: sampleCount, rows: cnaIndices(matching: query).map { copyNumberCalls[Int($0)].sample })
    }

    // MARK: Mutations

    private func mutationIndices(matching query: MutationQuery) -> [Int32] {
        var out: [Int32] = []
        for g in Set(query.genes.map { $0.uppercased() }) {
            for i in mutationPostings[g] ?? [] where query.matches(mutations[Int(i)]) { out.append(i) }
        }
        return out
    }

    /// The mutations matching `query`.
    public func mutations(matching query: MutationQuery) -> [MutationRecord] {
        mutationIndices(matching: query).sorted().map { mutations[Int($0)] }
    }

    /// Patient rows with a matching mutation.
    public func patients(matching query: MutationQuery) -> RowSet {
        RowSet(universe: patientCount, rows: mutationIndices(matching: query).map { mutations[Int($0)].patient })
    }

    /// Sample rows with a matching mutation.
    public func samples(matching query: MutationQuery) -> RowSet {
        RowSet(universe: sampleCount, rows: mutationIndices(matching: query).map { mutations[Int($0)].sample })
    }

    // MARK: Profiling

    /// Sample rows tested for `kind` (empty when the study has no such data).
    public func profiledSamples(_ kind: AlterationKind) -> RowSet {
        profiles[kind]?.samples ?? RowSet(universe: sampleCount)
    }

    /// Sample rows tested for `kind` with a panel covering `gene`; a sample whose panel's gene
    /// list is unknown counts as covering every gene.
    public func profiledSamples(_ kind: AlterationKind, gene: String) -> RowSet {
        guard let p = profiles[kind] else { return RowSet(universe: sampleCount) }
        let g = gene.uppercased()
        var out = RowSet(universe: sampleCount)
        for s in p.samples.rows {
            let i = Int(s)
            if i < p.samplePanels.count, let panel = p.samplePanels[i], let genes = panelGenes[panel.uppercased()] {
                if genes.contains(g) { out.insert(i) }
            } else {
                out.insert(i)
            }
        }
        return out
    }

    /// Patient rows with at least one sample tested for `kind`.
    public func profiledPatients(_ kind: AlterationKind) -> RowSet {
        liftToPatients(profiledSamples(kind))
    }

    /// Patient rows with at least one sample tested for `kind` with a panel covering `gene`.
    public func profiledPatients(_ kind: AlterationKind, gene: String) -> RowSet {
        liftToPatients(profiledSamples(kind, gene: gene))
    }

    /// The patients of a set of sample rows.
    public func liftToPatients(_ samples: RowSet) -> RowSet {
        var out = RowSet(universe: patientCount)
        for s in samples.rows where Int(s) < samplePatient.count { out.insert(Int(samplePatient[Int(s)])) }
        return out
    }
}
