import Foundation

/// Per-row annotation of the fusions that put a row (patient or sample) in a fusion cohort, as
/// derived columns: which gene, its partner, the gene's orientation, intergenic, frame, whether
/// the gene–partner pair recurs in the cohort, and how many matching events the row has.
///
/// When a row has several matching events, one represents it: a fusion with another gene before
/// an intragenic event before an intergenic one, then an in-frame event before any other, then
/// the first in file order. `FUSION_INTERGENIC` alone looks at every matching event: true when
/// any has an intergenic partner side (no gene, or an `IGR` breakpoint), which is what
/// `describe` counts in its intergenic partner row and what `fusion G::-` / `fusion -::G` select
/// by orientation.
public enum FusionAnnotation {
    public static let columnNames = ["FUSION_GENE", "FUSION_PARTNER", "FUSION_ORIENTATION", "FUSION_INTERGENIC",
                                     "FUSION_FRAME", "FUSION_RECURRENT", "FUSION_EVENTS"]

    /// The partner label of an event with no partner gene.
    public static let intergenic = "intergenic"
    /// The `FUSION_ORIENTATION` of an event whose orientation is unknown.
    public static let unknownOrientation = "unknown"

    /// One event seen from the gene a query names.
    public struct View: Sendable, Hashable {
        public let gene: String
        /// The partner gene; nil when the partner side is intergenic (no gene, or an `IGR`
        /// breakpoint that only names the nearest gene).
        public let partner: String?
        public var partnerIntergenic: Bool { partner == nil }
        public var inFrame: Bool { frame == "in frame" || frame == "in-frame" }
        /// True when the gene is the upstream (5') side, false when downstream, nil when the
        /// event's orientation is unknown (see `FusionOrientation`).
        public let geneUpstream: Bool?
        /// The file's frame annotation, trimmed and lower case (`in frame`, `out of frame`, ...).
        public let frame: String?
        public let eventIndex: Int
    }

    /// The event as seen from the side matching `genes` (nil when neither side does).
    public static func view(of e: FusionEvent, index: Int, genes: Set<String>) -> View? {
        var frame = e.frame.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
        if frame == nil, let info = e.eventInfo?.lowercased() {
            // `Protein fusion: in frame (EML4-ALK)`
            for f in ["in frame", "out of frame", "mid-exon"] where info.contains("fusion: " + f) { frame = f; break }
        }
        if let g = e.upstreamGene, genes.contains(g) {
            return View(gene: g, partner: e.downstreamIntergenic ? nil : e.downstreamGene,
                        geneUpstream: e.orientationKnown ? true : nil, frame: frame, eventIndex: index)
        }
        if let g = e.downstreamGene, genes.contains(g) {
            return View(gene: g, partner: e.upstreamIntergenic ? nil : e.upstreamGene,
                        geneUpstream: e.orientationKnown ? false : nil, frame: frame, eventIndex: index)
        }
        return nil
    }

    static func rank(_ v: View) -> (Int, Int, Int) {
        let kind = v.partnerIntergenic ? 2 : (v.partner == v.gene ? 1 : 0)
        let frame = v.inFrame ? 0 : 1
        return (kind, frame, v.eventIndex)
    }

    /// The annotation columns for `rows` (dataset patient rows, or sample rows when `perSample`),
    /// from the events matching any of `queries`, seen from the genes in `genes`.
    public static func columns(index: AlterationIndex, rows: [Int32], perSample: Bool,
                               queries: [FusionQuery], genes: Set<String>) -> [Column] {
        var byRow: [Int32: [View]] = [:]
        var seen = Set<Int>()
        for q in queries {
            for i in index.fusionIndices(matching: q) where seen.insert(Int(i)).inserted {
                let e = index.fusions[Int(i)]
                guard let v = view(of: e, index: Int(i), genes: genes) else { continue }
                byRow[perSample ? e.sample : e.patient, default: []].append(v)
            }
        }
        let chosen: [View?] = rows.map { r in byRow[r]?.min { rank($0) < rank($1) } }
        // Recurrence: distinct cohort rows' patients per gene–partner pair.
        var pairPatients: [String: Set<Int32>] = [:]
        for r in rows {
            let patient = perSample && Int(r) < index.samplePatient.count ? index.samplePatient[Int(r)] : r
            for v in byRow[r] ?? [] where !v.partnerIntergenic && v.partner != nil {
                pairPatients[v.gene + "::" + v.partner!, default: []].insert(patient)
            }
        }
        let n = rows.count
        var recurrent = [Double](repeating: .nan, count: n)
        var intergenicFlag = [Double](repeating: .nan, count: n)
        var events = [Double](repeating: 0, count: n)
        for (k, r) in rows.enumerated() {
            events[k] = Double(byRow[r]?.count ?? 0)
            guard let v = chosen[k] else { continue }
            intergenicFlag[k] = (byRow[r] ?? []).contains { $0.partnerIntergenic } ? 1 : 0
            if !v.partnerIntergenic, let p = v.partner { recurrent[k] = (pairPatients[v.gene + "::" + p]?.count ?? 0) >= 2 ? 1 : 0 }
        }
        let source = "derived by SurvQL from the structural variants of the cohort's fusion condition"
        return [
            Column(name: "FUSION_GENE", type: .category, strings: chosen.map { $0?.gene }, description: source),
            Column(name: "FUSION_PARTNER", type: .category, strings: chosen.map { $0.map { $0.partner ?? intergenic } }, description: source),
            Column(name: "FUSION_ORIENTATION", type: .category,
                   strings: chosen.map { $0.map { v in v.geneUpstream.map { $0 ? "upstream" : "downstream" } ?? unknownOrientation } }, description: source),
            Column(name: "FUSION_INTERGENIC", type: .boolean, values: intergenicFlag, description: source),
            Column(name: "FUSION_FRAME", type: .category, strings: chosen.map { $0?.frame }, description: source),
            Column(name: "FUSION_RECURRENT", type: .boolean, values: recurrent, description: source),
            Column(name: "FUSION_EVENTS", type: .integer, values: events, description: source),
        ]
    }

    /// One partner of a gene in a set of patients.
    public struct PartnerRow: Sendable, Hashable {
        /// The partner gene; nil for intergenic events.
        public let partner: String?
        public let patients: Int
        public let events: Int
        /// Events with the gene upstream (5') and downstream (3').
        public let geneUpstream: Int
        public let geneDownstream: Int
        /// Events whose orientation is unknown.
        public let orientationUnknown: Int
        /// Events annotated in frame.
        public let inFrame: Int
        /// Seen in two or more patients with a partner gene (never for intergenic events).
        public var recurrent: Bool { patients >= 2 && partner != nil }
    }

    /// The partners of `gene` among the events of `patients` (patient rows), most patients first,
    /// then by name, intergenic last among equals.
    public static func partners(of gene: String, index: AlterationIndex, patients: RowSet) -> [PartnerRow] {
        let g = gene.uppercased()
        struct Tally { var patients = Set<Int32>(); var events = 0; var up = 0; var down = 0; var unknown = 0; var inFrame = 0 }
        var tallies: [String?: Tally] = [:]
        for i in index.fusionIndices(matching: .involving([g])) {
            let e = index.fusions[Int(i)]
            guard patients.contains(Int(e.patient)), let v = view(of: e, index: Int(i), genes: [g]) else { continue }
            var t = tallies[v.partner] ?? Tally()
            t.patients.insert(e.patient)
            t.events += 1
            switch v.geneUpstream {
            case true?: t.up += 1
            case false?: t.down += 1
            case nil: t.unknown += 1
            }
            if v.inFrame { t.inFrame += 1 }
            tallies[v.partner] = t
        }
        return tallies.map { PartnerRow(partner: $0.key, patients: $0.value.patients.count, events: $0.value.events,
                                        geneUpstream: $0.value.up, geneDownstream: $0.value.down,
                                        orientationUnknown: $0.value.unknown, inFrame: $0.value.inFrame) }
            .sorted {
                if $0.patients != $1.patients { return $0.patients > $1.patients }
                return ($0.partner ?? "\u{10FFFF}") < ($1.partner ?? "\u{10FFFF}")
            }
    }
}
