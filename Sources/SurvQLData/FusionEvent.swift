/// One structural-variant row of a study, linked to its sample and patient.
///
/// Which site is the upstream (5') partner is decided once, from the row's stated order, strands
/// and connection (see `FusionOrientation`); MSK files put either gene in site 1, so the site
/// order alone says nothing. A legacy `data_fusions.txt` row `Fusion = EML4-ALK` for gene ALK
/// becomes site 1 EML4, site 2 ALK, with that order as stated.
public struct FusionEvent: Sendable, Hashable {
    /// The sample row (in `Dataset.samples`).
    public let sample: Int32
    /// The patient row (in `Dataset.patients`).
    public let patient: Int32
    /// The gene named at site 1 (upper case), nil when the row names none.
    public let site1Gene: String?
    /// The gene named at site 2 (upper case), nil when the row names none.
    public let site2Gene: String?
    /// Whether site 1 is intergenic (no gene, or an `IGR` region or description).
    public let site1Intergenic: Bool
    /// Whether site 2 is intergenic.
    public let site2Intergenic: Bool
    public let site1Chromosome: String?
    public let site1Position: Int?
    public let site2Chromosome: String?
    public let site2Position: Int?
    /// The free-text `Event_Info` (`EML4-ALK fusion`, `ALK-intragenic`, ...).
    public let eventInfo: String?
    /// `Site2_Effect_On_Frame` (`in frame`, `frameshift`, ...).
    public let frame: String?
    /// `Class` (`DELETION`, `TRANSLOCATION`, ...).
    public let svClass: String?

    public init(sample: Int32, patient: Int32, site1Gene: String?, site2Gene: String?,
                site1Intergenic: Bool = false, site2Intergenic: Bool = false,
                site1Chromosome: String? = nil, site1Position: Int? = nil,
                site2Chromosome: String? = nil, site2Position: Int? = nil,
                eventInfo: String? = nil, frame: String? = nil, svClass: String? = nil,
                site1Strand: Character? = nil, site2Strand: Character? = nil, connection: String? = nil,
                orientation: FusionOrientation? = nil) {
        self.sample = sample
        self.patient = patient
        self.site1Gene = site1Gene.flatMap { $0.isEmpty ? nil : $0.uppercased() }
        self.site2Gene = site2Gene.flatMap { $0.isEmpty ? nil : $0.uppercased() }
        self.site1Intergenic = site1Intergenic || self.site1Gene == nil
        self.site2Intergenic = site2Intergenic || self.site2Gene == nil
        self.site1Chromosome = site1Chromosome
        self.site1Position = site1Position
        self.site2Chromosome = site2Chromosome
        self.site2Position = site2Position
        self.eventInfo = eventInfo
        self.frame = frame
        self.svClass = svClass
        self.orientation = orientation ?? FusionOrientation.decide(
            eventInfo: eventInfo, site1Gene: self.site1Gene, site2Gene: self.site2Gene,
            site1Intergenic: self.site1Intergenic, site2Intergenic: self.site2Intergenic,
            site1Strand: site1Strand, site2Strand: site2Strand, connection: connection)
    }

    /// Which site is upstream (5'), or `unknown`; decided once, when the event is made.
    public let orientation: FusionOrientation

    /// Whether site 1 is known to be the upstream (5') gene.
    public var site1IsUpstream: Bool { orientation == .site1Upstream }
    /// Whether the orientation is known.
    public var orientationKnown: Bool { orientation != .unknown }
    /// Whether both sides name the same gene.
    public var intragenic: Bool { site1Gene != nil && site1Gene == site2Gene }

    /// The upstream (5') gene and whether that side is intergenic (site 1 when unknown).
    public var upstreamGene: String? { orientation == .site2Upstream ? site2Gene : site1Gene }
    public var upstreamIntergenic: Bool { orientation == .site2Upstream ? site2Intergenic : site1Intergenic }
    /// The downstream (3') gene and whether that side is intergenic (site 2 when unknown).
    public var downstreamGene: String? { orientation == .site2Upstream ? site1Gene : site2Gene }
    public var downstreamIntergenic: Bool { orientation == .site2Upstream ? site1Intergenic : site2Intergenic }

    /// `UP::DOWN` with `-` for an intergenic side, or `A/B` (site order) when the orientation is unknown.
    public var label: String {
        func name(_ g: String?, _ ig: Bool) -> String { ig ? "-" : (g ?? "-") }
        let u = name(upstreamGene, upstreamIntergenic), d = name(downstreamGene, downstreamIntergenic)
        return orientationKnown ? "\(u)::\(d)" : "\(u)/\(d)"
    }
}

/// A fusion predicate: which genes may sit upstream (site 1) and downstream (site 2).
///
/// `fusion ETV6::NTRK3` is `FusionQuery(upstream: .gene("ETV6"), downstream: .gene("NTRK3"))`.
/// `fusion NTRK1` (the gene on either side, any partner) is `.involving(["NTRK1"])`: with
/// `eitherOrientation`, the sides may also match the other way round.
public struct FusionQuery: Sendable, Hashable {
    public var upstream: GeneMatcher
    public var downstream: GeneMatcher
    /// Also accept the event with upstream and downstream swapped.
    public var eitherOrientation: Bool

    public init(upstream: GeneMatcher, downstream: GeneMatcher, eitherOrientation: Bool = false) {
        self.upstream = upstream
        self.downstream = downstream
        self.eitherOrientation = eitherOrientation
    }

    /// Any of `genes` on either side, with a partner matching `partner` on the other side
    /// (`.any` partner, `.none` for intergenic events, or a set of genes).
    public static func involving(_ genes: Set<String>, partner: GeneMatcher = .any) -> FusionQuery {
        FusionQuery(upstream: .anyOf(genes), downstream: partner, eitherOrientation: true)
    }

    static func matches(_ m: GeneMatcher, gene: String?, intergenic: Bool, upper: Set<String>?) -> Bool {
        switch m {
        case .any: return true
        case .none: return intergenic
        case .anyOf: return gene.map { upper?.contains($0) ?? false } ?? false
        }
    }

    /// Whether the event satisfies the query (`up`/`down` are the upper-cased gene sets). An
    /// ordered query needs a known orientation; `eitherOrientation` also tries the sides the
    /// other way round, so an event of unknown orientation matches it by its site genes.
    func matches(_ e: FusionEvent, up: Set<String>?, down: Set<String>?) -> Bool {
        func side(_ m: GeneMatcher, _ gene: String?, _ ig: Bool, _ set: Set<String>?) -> Bool {
            FusionQuery.matches(m, gene: gene, intergenic: ig, upper: set)
        }
        if e.orientationKnown || eitherOrientation,
           side(upstream, e.upstreamGene, e.upstreamIntergenic, up), side(downstream, e.downstreamGene, e.downstreamIntergenic, down) {
            return true
        }
        if eitherOrientation,
           side(upstream, e.downstreamGene, e.downstreamIntergenic, up), side(downstream, e.upstreamGene, e.upstreamIntergenic, down) {
            return true
        }
        return false
    }
}

/// How often a gene fuses with one partner.
public struct PartnerCount: Sendable, Hashable {
    /// The partner gene, nil for intergenic events.
    public let partner: String?
    /// Events with the gene upstream (site 1) and the partner downstream.
    public let geneUpstream: Int
    /// Events with the partner upstream and the gene downstream (site 2).
    public let geneDownstream: Int
    /// Events whose orientation is unknown.
    public let orientationUnknown: Int
    /// Distinct patients with such an event.
    public let patients: Int
}
