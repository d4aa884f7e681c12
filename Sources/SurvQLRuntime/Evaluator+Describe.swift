import SurvQLData
import SurvQLSyntax

extension Evaluator {
    /// Fusion genes `describe` always reports.
    static let featuredFusionGenes = ["ALK", "ROS1", "NTRK1", "NTRK2", "NTRK3", "RET"]

    /// R's default quantile (type 7) of sorted values. As in R's `quantile.default`, a quantile
    /// that falls on an observation, or between two equal ones, is that observation, so
    /// infinite values only reach the quantiles they touch (times 3, 8, Inf: median 8); between
    /// an infinite and another value R's `(1-h)*x[lo] + h*x[hi]` gives ±Inf or NaN.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        let frac = h - Double(lo)
        if frac == 0 || sorted[hi] == sorted[lo] { return sorted[lo] }
        if !sorted[lo].isFinite || !sorted[hi].isFinite { return (1 - frac) * sorted[lo] + frac * sorted[hi] }
        return sorted[lo] + frac * (sorted[hi] - sorted[lo])
    }

    /// Words in a column name that suggest a time of entry into follow-up.
    static let entryNameHints = ["entry", "test", "seq", "start", "enrol", "delay", "lag", "_to_", "biopsy", "sampl", "diagnosis"]

    /// Numeric columns that look like delayed-entry times for `endpoint`: the name suggests it,
    /// and among rows with both values (at least 10) every value is 0 or more and at most the
    /// endpoint's time, most are above 0, and the median is below the time's median. Other
    /// endpoints' time columns are never candidates.
    static func delayedEntryCandidates(_ c: Cohort, endpoint ep: SurvivalEndpoint) -> [String] {
        let times = Set(c.dataset.endpoints.map { $0.timeColumn.uppercased() })
        let pr = c.patientRows
        var out: [String] = []
        for col in c.table.columns where col.type == .number || col.type == .integer {
            let upper = col.name.uppercased()
            guard !times.contains(upper), entryNameHints.contains(where: { col.name.lowercased().contains($0) }),
                  case let .numeric(v) = col.storage else { continue }
            var pairs: [(Double, Double)] = []
            for (i, x) in v.enumerated() where !x.isNaN && i < pr.count && pr[i] >= 0 && Int(pr[i]) < ep.times.count {
                let t = ep.times[Int(pr[i])]
                if !t.isNaN { pairs.append((x, t)) }
            }
            guard pairs.count >= 10, pairs.allSatisfy({ $0.0 >= 0 && $0.0 <= $0.1 }),
                  pairs.filter({ $0.0 > 0 }).count * 2 > pairs.count else { continue }
            let xs = pairs.map(\.0).sorted(), ts = pairs.map(\.1).sorted()
            if quantile(xs, 0.5) < quantile(ts, 0.5) { out.append(col.name) }
        }
        return out
    }

    mutating func evaluateDescribe(_ s: DescribeStatement) throws -> StatementResult? {
        let c = try cohort(s.cohort)
        let ds = c.dataset
        var columns: [ColumnSummary] = []
        for col in c.table.columns {
            switch col.storage {
            case let .numeric(v):
                var present = v.filter { !$0.isNaN }
                present.sort()  // (in place: one copy of the column, not two)
                var numeric: NumericSummary? = nil
                var top: [(String, Int)] = []
                if col.type == .boolean {
                    let t = present.filter { $0 != 0 }.count
                    top = [("true", t), ("false", present.count - t)]
                } else if !present.isEmpty {
                    numeric = NumericSummary(min: present.first!, q1: Self.quantile(present, 0.25), median: Self.quantile(present, 0.5),
                                             q3: Self.quantile(present, 0.75), max: present.last!, mean: present.reduce(0, +) / Double(present.count))
                }
                columns.append(ColumnSummary(name: col.name, type: col.type.rawValue, missing: v.count - present.count,
                                             numeric: numeric, topLevels: top, distinct: nil))
            case let .coded(codes, levels):
                var counts = [Int](repeating: 0, count: levels.count)
                var missing = 0
                for x in codes { if x >= 0 { counts[Int(x)] += 1 } else { missing += 1 } }
                let used = counts.enumerated().filter { $0.element > 0 }
                let top = used.sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
                    .prefix(col.type == .category ? 5 : 0).map { (levels[$0.offset], $0.element) }
                columns.append(ColumnSummary(name: col.name, type: col.type.rawValue, missing: missing, numeric: nil,
                                             topLevels: Array(top), distinct: used.count))
            }
        }
        let pr = c.patientRows
        var endpoints: [EndpointSummary] = []
        for ep in ds.endpoints {
            var usable = 0, events = 0
            for r in pr where r >= 0 && Int(r) < ep.times.count {
                if !ep.times[Int(r)].isNaN && ep.events[Int(r)] >= 0 {
                    usable += 1
                    if ep.events[Int(r)] == 1 { events += 1 }
                }
            }
            endpoints.append(EndpointSummary(name: ep.name, time: ep.timeColumn, event: ep.statusColumn, usable: usable, events: events))
        }
        for ep in ds.endpoints {
            for name in Self.delayedEntryCandidates(c, endpoint: ep) {
                let m = RuntimeMessages.delayedEntryCandidate(name, ep.timeColumn, ep.name)
                warnings.append(Diagnostic(m.id, .note, m.text, file: file, range: statement.range))
            }
        }
        // Alterations among the cohort's patients.
        let index = ds.alterations
        let inCohort = RowSet(universe: ds.patientCount, rows: pr.filter { $0 >= 0 })
        var sampleCount: Int? = nil
        if let smp = ds.samples {
            sampleCount = c.unit == .sample ? c.count : smp.patientRows.filter { inCohort.contains(Int($0)) }.count
        }
        var alterations: AlterationSummary? = nil
        if ds.samples != nil || !index.fusions.isEmpty || !index.mutations.isEmpty || !index.copyNumberCalls.isEmpty {
            let samplesInCohort: (RowSet) -> Int = { set in
                guard let smp = ds.samples else { return set.count }
                var n = 0
                for r in set.rows where Int(r) < smp.patientRows.count && inCohort.contains(Int(smp.patientRows[Int(r)])) { n += 1 }
                return n
            }
            let svProfiled = index.profiles[.structuralVariant] != nil ? samplesInCohort(index.profiledSamples(.structuralVariant)) : nil
            let svProfiledPatients = index.profiles[.structuralVariant] != nil ? index.profiledPatients(.structuralVariant).intersection(inCohort).count : nil
            let records = index.fusions.filter { inCohort.contains(Int($0.patient)) }
            var genePatients: [String: Set<Int32>] = [:]
            var positive = Set<Int32>()
            for f in records {
                positive.insert(f.patient)
                if let g = f.site1Gene { genePatients[g, default: []].insert(f.patient) }
                if let g = f.site2Gene, g != f.site1Gene { genePatients[g, default: []].insert(f.patient) }
            }
            var genes = genePatients.map { ($0.key, $0.value.count) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            var shown = Array(genes.prefix(10))
            for key in Self.featuredFusionGenes where !shown.contains(where: { $0.0 == key }) {
                shown.append((key, genePatients[key]?.count ?? 0))
            }
            genes = shown
            let cnaGenes = Set(index.copyNumberCalls.filter { inCohort.contains(Int($0.patient)) }.map(\.gene)).count
            alterations = AlterationSummary(
                svProfiledSamples: svProfiled, svProfiledPatients: svProfiledPatients,
                fusionRecords: records.count, fusionPositivePatients: positive.count, fusionGenes: genes,
                cnaProfiledSamples: index.profiles[.copyNumber] != nil ? samplesInCohort(index.profiledSamples(.copyNumber)) : nil,
                cnaGenes: cnaGenes,
                mutationProfiledSamples: index.profiles[.mutation] != nil ? samplesInCohort(index.profiledSamples(.mutation)) : nil,
                mutationRecords: index.mutations.filter { inCohort.contains(Int($0.patient)) }.count)
            // Partner tables: the genes of the cohort's fusion condition, else the featured genes
            // that have fusions in the cohort.
            var partnerGenes = c.defining.map { d in
                d.expression.alterations.flatMap { a -> [String] in
                    guard case .fusion = a.kind else { return [] }
                    return a.genes.map { $0.text.uppercased() }
                }
            } ?? []
            if partnerGenes.isEmpty { partnerGenes = Self.featuredFusionGenes.filter { (genePatients[$0]?.count ?? 0) > 0 } }
            var seenGenes = Set<String>()
            alterations!.partnerTables = partnerGenes.filter { seenGenes.insert($0).inserted }.map { g in
                (gene: g, partners: FusionAnnotation.partners(of: g, index: index, patients: inCohort))
            }.filter { !$0.partners.isEmpty }
        }
        let patients = c.unit == .patient ? c.count : Set(pr).count
        return result(.describe(DescribeResult(cohort: c.name, source: c.origin, patients: patients,
                                               samples: sampleCount, columns: columns, endpoints: endpoints, alterations: alterations)))
    }
}
