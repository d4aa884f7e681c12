import SurvQLData
import SurvQLSyntax

/// Which group each cohort row belongs to.
struct GroupAssignment {
    /// Group labels in order; the reference group is first.
    var labels: [String]
    /// Per cohort row: index into `labels`, or -1 when the row is left out (32 bits: there are
    /// at most a few dozen groups).
    var codes: [Int32]
    /// How the grouping was written (`fusion NTRK1|NTRK2|NTRK3`, `sex`).
    var description: String
    /// Rows left out because their group value is missing.
    var missing: Int
    /// Rows left out because they were not profiled for the alteration.
    var notProfiled: Int
    /// Whether the groups are positive/negative for a condition.
    var isCondition: Bool
}

/// The survival outcome of each cohort row.
struct Outcome {
    var time: [Double]
    /// 1 event, 0 censored, -1 missing.
    var event: [Int8]
    var entry: [Double]?
    var description: EndpointDescription
}

/// The cohort rows a survival statement uses, in order: all of them (no index array at all, so
/// gathering a column returns the column itself, sharing its storage) or a subset kept as 32-bit
/// positions. A random-access collection of cohort row positions.
struct UsableRows: RandomAccessCollection {
    /// The cohort's row count.
    let cohortCount: Int
    /// The kept positions, ascending; nil when every row is kept.
    let positions: [Int32]?

    var startIndex: Int { 0 }
    var endIndex: Int { positions?.count ?? cohortCount }
    subscript(i: Int) -> Int { positions.map { Int($0[i]) } ?? i }

    /// True when every cohort row is kept.
    var isAll: Bool { positions == nil }

    /// The values of the kept rows: `values` itself (no copy) when every row is kept.
    func gather<T>(_ values: [T]) -> [T] {
        guard positions != nil else { return values }
        return gather(values) { $0 }
    }

    /// `transform` of the value of each kept row, in one pass.
    func gather<S, T>(_ values: [S], _ transform: (S) -> T) -> [T] {
        let n = endIndex
        return [T](unsafeUninitializedCapacity: n) { out, count in
            values.withUnsafeBufferPointer { v in
                if let positions {
                    positions.withUnsafeBufferPointer { p in
                        for j in 0..<n { (out.baseAddress! + j).initialize(to: transform(v[Int(p[j])])) }
                    }
                } else {
                    for j in 0..<n { (out.baseAddress! + j).initialize(to: transform(v[j])) }
                }
            }
            count = n
        }
    }
}

/// Which cohort rows lack an extra variable of a survival statement (strata, cluster, a
/// covariate, a weight), built up one variable at a time. Allocates nothing while no variable
/// has a missing value, which is the common case.
struct MissingRows {
    /// The cohort's row count.
    let count: Int
    /// Per cohort row: true when some variable added so far is missing; nil while none is.
    private(set) var mask: [Bool]? = nil

    init(count: Int) { self.count = count }

    /// Marks the rows where `isMissing(row)` holds.
    mutating func add(_ isMissing: (Int) -> Bool) {
        var i = 0
        if mask == nil {
            while i < count && !isMissing(i) { i += 1 }
            if i == count { return }
            mask = [Bool](repeating: false, count: count)
        }
        mask!.withUnsafeMutableBufferPointer { m in
            while i < count {
                if isMissing(i) { m[i] = true }
                i += 1
            }
        }
    }

    /// Marks the rows whose value is NaN (one value per cohort row).
    mutating func add(values: [Double]) { values.withUnsafeBufferPointer { v in add { $0 < v.count && v[$0].isNaN } } }

    /// Marks the rows whose code is negative (one code per cohort row).
    mutating func add<Code: BinaryInteger>(codes: [Code]) { codes.withUnsafeBufferPointer { c in add { $0 < c.count && c[$0] < 0 } } }

    /// Marks the rows flagged true (one flag per cohort row); an empty array flags none.
    mutating func add(flags: [Bool]) { flags.withUnsafeBufferPointer { f in add { $0 < f.count && f[$0] } } }
}

extension Evaluator {
    // MARK: Groups

    mutating func groups(_ g: Grouping?, in cohort: Cohort, reference: Literal? = nil) throws -> GroupAssignment {
        switch g {
        case nil:
            return GroupAssignment(labels: ["all"], codes: [Int32](repeating: 0, count: cohort.count), description: "all",
                                   missing: 0, notProfiled: 0, isCondition: false)
        case let .definingAlteration(r)?:
            guard let d = cohort.defining else {
                throw error(RuntimeMessages.noDefiningCondition(cohort.name), r, hint: "name the genes: by fusion NTRK1|NTRK2|NTRK3")
            }
            // The defining condition was written in another source (an earlier file or REPL entry);
            // its ranges belong to that file, so evaluate it with that file for diagnostics.
            var inner = Evaluator(session: session, file: d.file, statement: statement, index: index, fileDirectory: fileDirectory)
            let a = try inner.conditionGroups(d.expression, in: cohort, text: d.text)
            warnings += inner.warnings
            return try applyReference(a, reference)
        case let .expression(e)?:
            if case let .column(name) = e.kind {
                return try applyReference(try columnGroups(name, in: cohort), reference)
            }
            return try applyReference(try conditionGroups(e, in: cohort, text: text(e.range)), reference)
        }
    }

    mutating func conditionGroups(_ e: Expression, in cohort: Cohort, text: String) throws -> GroupAssignment {
        try requireAlterationData(e, in: cohort)
        let truth = try evaluateCondition(e, in: cohort)
        let profiled = e.containsAlteration ? profiledRows(e, in: cohort) : [Bool](repeating: true, count: cohort.count)
        var codes = [Int32](repeating: -1, count: cohort.count)
        var missing = 0, notProfiled = 0
        for i in 0..<cohort.count {
            if !profiled[i] && truth[i] != 1 { notProfiled += 1; continue }
            if truth[i] < 0 { missing += 1; continue }
            codes[i] = Int32(truth[i])
        }
        let labels = e.containsAlteration ? ["negative", "positive"] : ["no", "yes"]
        return GroupAssignment(labels: labels, codes: codes, description: text, missing: missing, notProfiled: notProfiled, isCondition: true)
    }

    /// Groups by a column's values: text levels (at most `maxLevels`) or distinct numbers (at
    /// most 20).
    func columnGroups(_ name: Name, in cohort: Cohort, maxLevels: Int = 50) throws -> GroupAssignment {
        let c = try column(name, in: cohort)
        var missing = 0
        switch c.storage {
        case let .coded(raw, levels):
            var used = [Bool](repeating: false, count: levels.count)
            for x in raw where x >= 0 { used[Int(x)] = true }
            var remap = [Int32](repeating: -1, count: levels.count)
            var labels: [String] = []
            for (k, u) in used.enumerated() where u { remap[k] = Int32(truncatingIfNeeded: labels.count); labels.append(levels[k]) }
            if labels.count > maxLevels {
                throw error(RuntimeMessages.tooManyGroups(c.name, labels.count), name.range, hint: "group by a condition instead, e.g. by \(name.text) = \"\(labels[0])\"")
            }
            missing = c.missingCount
            let codes = raw.mapped(through: remap, missing: -1)
            return GroupAssignment(labels: labels, codes: codes, description: c.name, missing: missing, notProfiled: 0, isCondition: false)
        case let .numeric(v):
            let distinct = Set(v.filter { !$0.isNaN }).sorted()
            if distinct.count > 20 {
                throw error(RuntimeMessages.tooManyGroups(c.name, distinct.count), name.range,
                            hint: "group by a condition instead, e.g. by \(name.text) >= \(Column.format(distinct[distinct.count / 2], as: c.type))")
            }
            var index: [Double: Int32] = [:]
            for (k, x) in distinct.enumerated() { index[x] = Int32(k) }
            var codes = [Int32](repeating: -1, count: cohort.count)
            for (i, x) in v.enumerated() { if x.isNaN { missing += 1 } else { codes[i] = index[x]! } }
            let labels = distinct.map { c.type == .boolean ? ($0 != 0 ? "true" : "false") : Column.format($0, as: c.type) }
            return GroupAssignment(labels: labels, codes: codes, description: c.name, missing: missing, notProfiled: 0, isCondition: false)
        }
    }

    /// Moves the group named by `reference` to the front.
    func applyReference(_ a: GroupAssignment, _ reference: Literal?) throws -> GroupAssignment {
        guard let reference else { return a }
        let wanted = reference.string ?? reference.spelling
        guard let k = a.labels.firstIndex(where: { $0 == wanted }) ?? a.labels.firstIndex(where: { $0.lowercased() == wanted.lowercased() }) else {
            throw error(("run.unknownReference", "no group '\(wanted)' to use as the reference; the groups are " + a.labels.joined(separator: ", ")), reference.range)
        }
        if k == 0 { return a }
        var order = Array(a.labels.indices)
        order.remove(at: k)
        order.insert(k, at: 0)
        var newIndex = [Int32](repeating: 0, count: a.labels.count)
        for (pos, old) in order.enumerated() { newIndex[old] = Int32(truncatingIfNeeded: pos) }
        var b = a
        b.labels = order.map { a.labels[$0] }
        b.codes = a.codes.map { $0 < 0 ? -1 : newIndex[Int($0)] }
        return b
    }

    // MARK: Outcome

    mutating func outcome(_ spec: EndpointSpec, in cohort: Cohort) throws -> Outcome {
        var result: Outcome
        if let tName = spec.time, let eName = spec.event {
            let tc = try column(tName, in: cohort)
            let ec = try column(eName, in: cohort)
            let (times, tdiag) = Self.survivalTimes(tc, maxDiagnostics: 3)
            if let first = tdiag.first(where: { $0.severity == .error }) {
                let bad = tdiag.filter { $0.severity == .error }.count
                throw DiagnosticError(Diagnostic("run.badTime", .error, first.message, file: file, range: tName.range,
                                                 hint: "survival times must be non-negative numbers" + (bad > 1 ? " (\(bad)+ bad values in this column)" : "")))
            }
            var (events, unknown) = SurvivalValues.events(of: ec)
            // R's Surv() reads a numeric status whose largest value is 2 as 1 = censored,
            // 2 = event (survival::lung's coding); do the same, and say so.
            if case let .numeric(v) = ec.storage {
                var onlyOneTwo = true, sawTwo = false
                for x in v where !x.isNaN {
                    if x == 2 { sawTwo = true } else if x != 1 { onlyOneTwo = false; break }
                }
                if onlyOneTwo, sawTwo {
                    events = v.map { $0.isNaN ? -1 : Int8($0 - 1) }
                    unknown = []
                    warnings.append(Diagnostic("run.statusCoding", .note,
                        "the event column '\(ec.name)' holds 1 and 2: read as R does, 1 = censored, 2 = event",
                        file: file, range: eName.range))
                }
            }
            if let row = unknown.first {
                let value = ec.displayString(at: row)
                throw DiagnosticError(Diagnostic("run.badEvent", .error,
                    "the event column '\(ec.name)' has a value that is not an event status: '\(value)' (row \(row + 1), \(cohort.identifier(at: row)))" + (unknown.count > 1 ? " and \(unknown.count - 1) more" : ""),
                    file: file, range: eName.range,
                    hint: "events are 1/0, TRUE/FALSE, or cBioPortal statuses such as 1:DECEASED / 0:LIVING"))
            }
            result = Outcome(time: times, event: events, entry: nil,
                             description: EndpointDescription(name: nil, time: tc.name, event: ec.name, entry: nil,
                                                              unit: cohort.dataset.kind == .delimitedTable ? nil : "months"))
        } else {
            let ds = cohort.dataset
            let ep: SurvivalEndpoint
            if let n = spec.endpoint {
                guard let found = ds.endpoint(named: n.text) else {
                    let avail = ds.endpoints.isEmpty ? "'\(cohort.name)' has no named endpoints" : "available: " + ds.endpoints.map(\.name).joined(separator: ", ")
                    throw error(RuntimeMessages.unknownEndpoint(n.text, avail), n.range,
                                hint: ds.endpoints.isEmpty ? "give the columns: time COL event COL" : nil)
                }
                ep = found
            } else {
                guard let found = ds.defaultEndpoint else {
                    throw error(RuntimeMessages.noEndpoint(cohort.name), statement.range,
                                hint: "give the columns: time COL event COL (for example: time os_months event os_status)")
                }
                ep = found
            }
            let pr = cohort.patientRows
            var t = [Double](repeating: .nan, count: cohort.count), e = [Int8](repeating: -1, count: cohort.count)
            for (i, r) in pr.enumerated() where r >= 0 && Int(r) < ep.times.count {
                t[i] = ep.times[Int(r)]
                e[i] = ep.events[Int(r)]
            }
            result = Outcome(time: t, event: e, entry: nil,
                             description: EndpointDescription(name: ep.name, time: ep.timeColumn, event: ep.statusColumn, entry: nil, unit: ep.unit))
        }
        if let entryName = spec.entry {
            let c = try column(entryName, in: cohort)
            let (entry, ediag) = Self.survivalTimes(c, maxDiagnostics: 1)
            if let first = ediag.first(where: { $0.severity == .error }) {
                throw DiagnosticError(Diagnostic("run.badEntry", .error, first.message.replacingOccurrences(of: "survival time", with: "entry time"),
                                                 file: file, range: entryName.range, hint: "entry times must be non-negative numbers"))
            }
            result.entry = entry
            result.description.entry = c.name
        }
        return result
    }

    /// A column's survival times (NaN where missing), with `SurvivalValues.validateTimes`'
    /// diagnostics. A numeric column whose values are all missing or finite and non-negative is
    /// returned as it is, sharing its storage (no copy of a million times).
    static func survivalTimes(_ column: Column, maxDiagnostics: Int) -> (times: [Double], diagnostics: [Diagnostic]) {
        if case let .numeric(cells) = column.storage {
            // (Doubles stored as such are shared; a narrow column is widened once.)
            let v = cells.doubles
            var valid = true
            v.withUnsafeBufferPointer { p in
                for x in p where !(x >= 0 && x < .infinity) && !x.isNaN { valid = false; break }
            }
            if valid { return (v, []) }
        }
        return SurvivalValues.validateTimes(column, maxDiagnostics: maxDiagnostics)
    }

    /// The rows usable for a survival analysis: a time, an event, a group, and (with delayed
    /// entry) an entry time before the exit time. Reports what was left out as warnings.
    /// `missing` marks the rows lacking an extra variable (strata, cluster, covariates, weights).
    mutating func usableRows(_ o: Outcome, _ g: GroupAssignment, missing: MissingRows? = nil, range: SourceRange) -> UsableRows {
        let n = o.time.count
        var kept: [Int32] = []
        var missingOutcome = 0, badEntry = 0, missingExtra = 0
        let extra = missing?.mask
        // Positions are collected only from the first row left out: while every row is usable
        // there is nothing to store.
        var allSoFar = true
        o.time.withUnsafeBufferPointer { time in
        o.event.withUnsafeBufferPointer { event in
        g.codes.withUnsafeBufferPointer { codes in
            for i in 0..<n {
                var usable = false
                if codes[i] < 0 {
                } else if time[i].isNaN || event[i] < 0 {
                    missingOutcome += 1
                } else if let en = o.entry, en[i].isNaN {
                    missingOutcome += 1
                } else if let en = o.entry, !(en[i] < time[i]) {
                    badEntry += 1
                } else if let extra, extra[i] {
                    missingExtra += 1
                } else {
                    usable = true
                }
                if usable {
                    if !allSoFar { kept.append(Int32(i)) }
                } else if allSoFar {
                    allSoFar = false
                    kept.reserveCapacity(n - 1)
                    for j in 0..<i { kept.append(Int32(j)) }
                }
            }
        }}}
        let rows = UsableRows(cohortCount: n, positions: allSoFar ? nil : kept)
        if missingOutcome > 0 {
            warn("run.missingOutcome", "\(missingOutcome) patient\(missingOutcome == 1 ? " was" : "s were") left out for a missing time or event\(o.entry != nil ? " or entry time" : "")", range)
        }
        if badEntry > 0 {
            warn("run.entryAfterExit", "\(badEntry) patient\(badEntry == 1 ? " was" : "s were") left out because their entry time is not before their exit time (never at risk)", range)
        }
        if missingExtra > 0 {
            warn("run.missingCovariate", "\(missingExtra) patient\(missingExtra == 1 ? " was" : "s were") left out for a missing covariate, strata or cluster value", range)
        }
        if g.missing > 0 {
            warn("run.missingGroup", "\(g.missing) patient\(g.missing == 1 ? " was" : "s were") left out for a missing value of \(g.description)", range)
        }
        if g.notProfiled > 0 {
            warn("run.notProfiled", "\(g.notProfiled) patient\(g.notProfiled == 1 ? " was" : "s were") left out as not profiled for \(g.description)", range)
        }
        return rows
    }
}
