/// One structural-variant row of a study, linked to its sample and patient.
///
/// Site 1 is the upstream (5') partner and site 2 the downstream (3') partner, as cBioPortal
/// documents fusions (`EML4-ALK`: site 1 EML4, site 2 ALK), unless `Event_Info` states the
/// other order (see `site1IsUpstream`). A legacy `data_fusions.txt` row
/// `Fusion = EML4-ALK` for gene ALK becomes site 1 EML4, site 2 ALK.
public struct FusionEvent: Sendable, Hashable {
    /// The sample row (in `Dataset.samples`).
    public let sample: Int32
    /// The patient row (in `Dataset.patients`).
    public let patient: Int32
    /// The upstream gene (upper case), nil when the row names none.
    public let site1Gene: String?
    /// The downstream gene (upper case), nil when the row names none.
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
                eventInfo: String? = nil, frame: String? = nil, svClass: String? = nil) {
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
        self.site1IsUpstream = Self.site1IsUpstream(eventInfo: eventInfo, site1Gene: self.site1Gene, site2Gene: self.site2Gene)
    }

    /// Whether site 1 is the upstream (5') gene. Site 1 is, as cBioPortal documents, unless
    /// `Event_Info` names both genes the other way round (MSK-IMPACT files often put the
    /// targeted gene in site 1: site 1 ALK, site 2 EML4, `Protein fusion: in frame (EML4-ALK)`).
    /// Decided once, when the event is made.
    public let site1IsUpstream: Bool

    static func site1IsUpstream(eventInfo: String?, site1Gene a: String?, site2Gene b: String?) -> Bool {
        guard let info = eventInfo?.uppercased(), let a, let b, a != b else { return true }
        let forward = names(info, a, b), reverse = names(info, b, a)
        return !(reverse && !forward)
    }

    /// Whether `text` contains `A-B` with neither gene name running on into another word.
    static func names(_ text: String, _ a: String, _ b: String) -> Bool {
        let pattern = a + "-" + b
        var search = text[...]
        while let r = search.range(of: pattern) {
            let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
            let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
            func boundary(_ c: Character?) -> Bool { c.map { !($0.isLetter || $0.isNumber) } ?? true }
            if boundary(before) && boundary(after) { return true }
            search = text[text.index(after: r.lowerBound)...]
        }
        return false
    }

    /// The upstream (5') gene and whether that side is intergenic.
    public var upstreamGene: String? { site1IsUpstream ? site1Gene : site2Gene }
    public var upstreamIntergenic: Bool { site1IsUpstream ? site1Intergenic : site2Intergenic }
    /// The downstream (3') gene and whether that side is intergenic.
    public var downstreamGene: String? { site1IsUpstream ? site2Gene : site1Gene }
    public var downstreamIntergenic: Bool { site1IsUpstream ? site2Intergenic : site1Intergenic }

    /// `UP::DOWN` with `?` for a missing gene.
    public var label: String { "\(upstreamGene ?? "?")::\(downstreamGene ?? "?")" }
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

    /// Whether the event satisfies the query (`up`/`down` are the upper-cased gene sets).
    func matches(_ e: FusionEvent, up: Set<String>?, down: Set<String>?) -> Bool {
        if FusionQuery.matches(upstream, gene: e.upstreamGene, intergenic: e.upstreamIntergenic, upper: up),
           FusionQuery.matches(downstream, gene: e.downstreamGene, intergenic: e.downstreamIntergenic, upper: down) {
            return true
        }
        if eitherOrientation,
           FusionQuery.matches(upstream, gene: e.downstreamGene, intergenic: e.downstreamIntergenic, upper: up),
           FusionQuery.matches(downstream, gene: e.upstreamGene, intergenic: e.upstreamIntergenic, upper: down) {
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
    /// Distinct patients with such an event.
    public let patients: Int
}
