import Foundation
import SurvQLData

extension CohortSchema {
    /// The most distinct values of a categorical column kept for completion.
    static let maxValues = 50

    /// The schema of a cohort whose rows are `table` over `dataset`: every column with its type,
    /// missingness and summary, the dataset's genes with patient counts by kind, its endpoints.
    /// `genes` may be given when already computed for the dataset (they do not depend on rows).
    public static func build(table: Table, dataset: Dataset, patients: Int, genes: [GeneInfo]? = nil) -> CohortSchema {
        var schema = CohortSchema(patients: patients, columns: table.columns.map(ColumnInfo.init(column:)),
                                  genes: genes ?? geneInfos(dataset.alterations), endpoints: dataset.endpoints.map(\.name))
        schema.panelGenes = dataset.alterations.panelGenes.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        schema.hasAlterationData = !dataset.alterations.profiles.isEmpty || !dataset.alterations.fusions.isEmpty
            || !dataset.alterations.copyNumberCalls.isEmpty || !dataset.alterations.mutations.isEmpty
        schema.source = dataset.path ?? "demo \(dataset.name)"
        return schema
    }

    /// Genes with the number of patients carrying each kind of alteration, most altered first,
    /// and each gene's fusion partners.
    static func geneInfos(_ index: AlterationIndex) -> [GeneInfo] {
        var fusion: [String: Set<Int32>] = [:]
        var partners: [String: [String: Set<Int32>]] = [:]
        for e in index.fusions {
            let a = e.site1Gene, b = e.site2Gene
            if let a { fusion[a, default: []].insert(e.patient) }
            if let b, b != a { fusion[b, default: []].insert(e.patient) }
            if let a { partners[a, default: [:]][b ?? "-", default: []].insert(e.patient) }
            if let b, b != a { partners[b, default: [:]][a ?? "-", default: []].insert(e.patient) }
        }
        var mutation: [String: Set<Int32>] = [:]
        for m in index.mutations { mutation[m.gene, default: []].insert(m.patient) }
        var cna: [CNALevel: [String: Set<Int32>]] = [:]
        for c in index.copyNumberCalls { cna[c.level, default: [:]][c.gene, default: []].insert(c.patient) }
        var genes = Set(fusion.keys).union(mutation.keys)
        for (_, byGene) in cna { genes.formUnion(byGene.keys) }
        let infos = genes.map { g -> GeneInfo in
            let p = (partners[g] ?? [:]).map { ($0.key, $0.value.count) }
                .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : ($0.0 == "-") != ($1.0 == "-") ? $1.0 == "-" : $0.0 < $1.0 }
            return GeneInfo(gene: g, fusion: fusion[g]?.count ?? 0, mutation: mutation[g]?.count ?? 0,
                            amp: cna[.amp]?[g]?.count ?? 0, gain: cna[.gain]?[g]?.count ?? 0,
                            hetloss: cna[.hetloss]?[g]?.count ?? 0, homdel: cna[.homdel]?[g]?.count ?? 0,
                            partnerCounts: p)
        }
        return infos.sorted { $0.total != $1.total ? $0.total > $1.total : $0.gene < $1.gene }
    }

    /// The schema of a cohort derived from this one by `let` or `match`: the same columns and
    /// genes (plus `match_id` and `weight` for a match, the `FUSION_*` columns for a `let` by a
    /// fusion), its size unknown until it runs.
    func derived(matched: Bool, addsFusionColumns: Bool = false) -> CohortSchema {
        var s = self
        s.sizeIsKnown = false
        if addsFusionColumns {
            for name in FusionAnnotation.columnNames where s.column(named: name) == nil {
                let type = name == "FUSION_EVENTS" ? "integer" : (name == "FUSION_INTERGENIC" || name == "FUSION_RECURRENT" ? "boolean" : "category")
                s.columns.append(ColumnInfo(name: name, type: type, missing: 0, count: 0, summary: "derived from the cohort's fusion condition", values: []))
            }
        }
        if matched {
            for name in ["match_id", "weight"] where s.column(named: name) == nil {
                s.columns.append(ColumnInfo(name: name, type: name == "weight" ? "number" : "integer", missing: 0, count: 0,
                                            summary: name == "weight" ? "MatchIt's ATT weight" : "the matched set", values: []))
            }
        }
        return s
    }
}

extension ColumnInfo {
    /// The facts of a column: type, missingness, a summary and (for text) its values by frequency.
    init(column c: Column) {
        switch c.storage {
        case let .numeric(v):
            var present: [Double] = []
            present.reserveCapacity(v.count)
            for x in v where !x.isNaN { present.append(x) }
            var summary = "all missing"
            var values: [String] = []
            if c.type == .boolean {
                let t = present.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
                summary = present.isEmpty ? summary : "true \(Self.percent(t, present.count)), false \(Self.percent(present.count - t, present.count))"
                values = ["true", "false"]
            } else if !present.isEmpty {
                present.sort()
                let f = { (x: Double) in Self.format(x, c.type) }
                summary = "median \(f(Self.quantile(present, 0.5))) (IQR \(f(Self.quantile(present, 0.25)))–\(f(Self.quantile(present, 0.75)))), range \(f(present.first!))–\(f(present.last!))"
            }
            self.init(name: c.name, type: c.type.rawValue, missing: v.count - present.count, count: v.count, summary: summary, values: values)
        case let .coded(codes, levels):
            var counts = [Int](repeating: 0, count: levels.count)
            var missing = 0
            for x in codes { if x >= 0 { counts[Int(x)] += 1 } else { missing += 1 } }
            let present = codes.count - missing
            let order = counts.indices.filter { counts[$0] > 0 }
                .sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
            let summary: String
            if order.isEmpty {
                summary = "all missing"
            } else if c.type == .string && order.count > 20 {
                summary = "\(order.count) distinct values"
            } else {
                let shown = order.prefix(3).map { "\(levels[$0]) \(Self.percent(counts[$0], present))" }
                summary = shown.joined(separator: ", ") + (order.count > 3 ? ", … (\(order.count) values)" : "")
            }
            let values = c.type == .category || order.count <= CohortSchema.maxValues ? order.prefix(CohortSchema.maxValues).map { levels[$0] } : []
            self.init(name: c.name, type: c.type.rawValue, missing: missing, count: codes.count, summary: summary, values: Array(values))
        }
    }

    static func percent(_ k: Int, _ n: Int) -> String {
        n == 0 ? "–" : "\(Int((100 * Double(k) / Double(n)).rounded()))%"
    }

    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    static func format(_ v: Double, _ type: ColumnType) -> String {
        if type == .date || (v == v.rounded() && abs(v) < 1e15) { return Column.format(v, as: type) }
        return String(format: "%.3g", v)
    }
}
