import Foundation
import SurvQLData
import SurvQLSemantics
import SurvQLSyntax

/// Evaluates one statement against a session. Throws `DiagnosticError` on the statement's
/// range for any problem with the query or the data; collects warnings in `warnings`.
/// It changes the session only as its last step, after everything succeeded.
struct Evaluator {
    let session: Session
    let file: SourceFile
    let statement: Statement
    let index: Int
    let fileDirectory: String?
    var warnings: [Diagnostic] = []
    /// Polled by the loaders, the matcher and the Cox fit this statement runs.
    var cancellation: CancellationToken? = nil

    init(session: Session, file: SourceFile, statement: Statement, index: Int, fileDirectory: String?) {
        self.session = session
        self.file = file
        self.statement = statement
        self.index = index
        self.fileDirectory = fileDirectory
    }

    var options: SessionOptions { session.options }

    func error(_ m: RuntimeMessages.M, _ range: SourceRange, hint: String? = nil, notes: [DiagnosticNote] = []) -> DiagnosticError {
        DiagnosticError(Diagnostic.run(m, file, range, hint: hint, notes: notes))
    }

    mutating func warn(_ m: RuntimeMessages.M, _ range: SourceRange, hint: String? = nil) {
        warnings.append(Diagnostic.run(m, file, range, severity: .warning, hint: hint))
    }

    mutating func warn(_ id: String, _ text: String, _ range: SourceRange, hint: String? = nil) {
        warnings.append(Diagnostic(id, .warning, text, file: file, range: range, hint: hint))
    }

    func result(_ value: ResultValue) -> StatementResult {
        StatementResult(statement: index, line: file.location(of: statement.range.start).line, source: file.name, value: value)
    }

    /// The statement's text, for labels.
    func text(_ range: SourceRange) -> String { file.text(in: range) }

    mutating func evaluate() throws -> StatementResult? {
        switch statement.kind {
        case let .load(s): return try evaluateLoad(s)
        case let .let(s): return try evaluateLet(s)
        case let .describe(s): return try evaluateDescribe(s)
        case let .set(s): return try evaluateSet(s)
        case let .export(s): return try evaluateExport(s)
        case let .survive(s): return try evaluateSurvive(s)
        case let .compare(s): return try evaluateCompare(s)
        case let .match(s): return try evaluateMatch(s)
        case let .prevalence(s): return try evaluatePrevalence(s)
        case let .associate(s): return try evaluateAssociate(s)
        case let .plot(s): return try evaluatePlot(s)
        case let .power(s): return try evaluatePower(s)
        case .error: return nil
        }
    }

    /// The cohort a statement names (the checker has normally caught unknown names already).
    func cohort(_ name: Name?) throws -> Cohort {
        guard let name else { throw error(RuntimeMessages.unknownCohort("?"), statement.range) }
        guard let c = session.cohort(named: name.text) else {
            throw error(RuntimeMessages.unknownCohort(name.text), name.range)
        }
        return c
    }

    /// Substitutes `${NAME}` and `${NAME:-default}` in a quoted path with the session's
    /// parameters (`--define NAME=VALUE`); an undefined name without a default is an error.
    func expandParameters(_ text: String, _ range: SourceRange) throws -> String {
        guard text.contains("${") else { return text }
        var out = ""
        var rest = text[...]
        while let open = rest.range(of: "${") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                throw error(("run.badParameter", "unterminated '${' in \"\(text)\""), range, hint: "write ${NAME} or ${NAME:-default}")
            }
            let inside = rest[open.upperBound..<close]
            let name: Substring, fallback: Substring?
            if let sep = inside.range(of: ":-") { name = inside[..<sep.lowerBound]; fallback = inside[sep.upperBound...] } else { name = inside; fallback = nil }
            if let v = session.parameters[String(name)] {
                out += v
            } else if let fallback {
                out += fallback
            } else {
                let known = session.parameters.keys.sorted()
                throw error(("run.undefinedParameter", "no value for '${\(name)}'"), range,
                            hint: "pass --define \(name)=VALUE" + (known.isEmpty ? "" : " (defined: \(known.joined(separator: ", ")))"))
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// Resolves a user path: as given when absolute or when it exists relative to the working
    /// directory, else relative to the query file's directory.
    func resolvePath(_ path: String, mustExist: Bool) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return expanded }
        let fromCwd = (session.workingDirectory as NSString).appendingPathComponent(expanded)
        if !mustExist || FileManager.default.fileExists(atPath: fromCwd) { return fromCwd }
        if let dir = fileDirectory, !dir.isEmpty {
            let base = dir.hasPrefix("/") ? dir : (session.workingDirectory as NSString).appendingPathComponent(dir)
            let fromFile = (base as NSString).appendingPathComponent(expanded)
            if FileManager.default.fileExists(atPath: fromFile) { return fromFile }
        }
        return fromCwd
    }

    // MARK: load

    mutating func evaluateLoad(_ s: LoadStatement) throws -> StatementResult? {
        guard let name = s.name, let source = s.source else { return nil }
        let outcome: LoadOutcome
        let origin: String
        let sourceRange: SourceRange
        switch source {
        case let .path(p, r):
            sourceRange = r
            let p = try expandParameters(p, r)
            origin = p
            let resolved = resolvePath(p, mustExist: true)
            do {
                outcome = try DataLoader.load(path: resolved, idColumn: s.idColumn?.text, separator: s.separator?.string,
                                             parallel: options.threads > 1, cancellation: cancellation)
            } catch let e as DiagnosticError {
                throw attachLoadNote(e, range: r, path: p)
            }
        case let .demo(d):
            sourceRange = d.range
            origin = "demo \(d.text)"
            do {
                outcome = try DataLoader.demo(d.text)
            } catch let e as DiagnosticError {
                throw attachLoadNote(e, range: d.range, path: origin)
            }
        }
        for w in outcome.warnings {
            var w = w
            w.location = relativize(w.location)
            if case .none = w.location { w.location = .source(file, sourceRange) } else {
                w.notes.append(DiagnosticNote(message: "while running this 'load'", location: .source(file, statement.range)))
            }
            warnings.append(w)
        }
        let unit: AnalysisUnit = s.perSample ? .sample : options.level
        let cohort = Cohort.whole(outcome.dataset, name: name.text, unit: unit, origin: origin)
        if let id = s.idColumn, outcome.dataset.kind != .delimitedTable {
            warn("run.idIgnored", "'id \(id.text)' is ignored for a cBioPortal study, which is keyed by PATIENT_ID", id.range)
        }
        if session.cohort(named: name.text) != nil {
            warn("run.redefined", "the cohort '\(name.text)' is replaced", name.range)
        }
        session.define(cohort)
        let ds = outcome.dataset
        var text = "loaded \(name.text): \(ds.patientCount) patients"
        if let smp = ds.samples { text += ", \(smp.ids.count) samples" }
        text += ", \(ds.patients.columns.count) columns"
        if !ds.endpoints.isEmpty { text += "; endpoints " + ds.endpoints.map(\.name).joined(separator: ", ") }
        if unit == .sample { text += "; one row per sample" }
        return result(.message(MessageResult(verb: "load", text: text, facts: [
            ("cohort", name.text), ("source", origin), ("patients", String(ds.patientCount)),
            ("samples", ds.samples.map { String($0.ids.count) } ?? ""),
        ])))
    }

    /// A path for messages: relative to the working directory when it lies under it, so
    /// diagnostics read the same on every machine.
    func displayPath(_ path: String) -> String {
        let base = session.workingDirectory.hasSuffix("/") ? session.workingDirectory : session.workingDirectory + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    func relativize(_ loc: DiagnosticLocation) -> DiagnosticLocation {
        if case let .data(p, l, c, t) = loc { return .data(path: displayPath(p), line: l, column: c, lineText: t) }
        return loc
    }

    /// A data diagnostic names the data file; add a note pointing at the `load` statement.
    func attachLoadNote(_ e: DiagnosticError, range: SourceRange, path: String) -> DiagnosticError {
        var ds = e.diagnostics
        for i in ds.indices {
            ds[i].location = relativize(ds[i].location)
            ds[i].message = ds[i].message.replacingOccurrences(of: session.workingDirectory + "/", with: "")
            if case .none = ds[i].location {
                ds[i].location = .source(file, range)
            } else {
                ds[i].notes.append(DiagnosticNote(message: "while loading \"\(path)\" here", location: .source(file, range)))
            }
        }
        return DiagnosticError(ds)
    }

    // MARK: let

    mutating func evaluateLet(_ s: LetStatement) throws -> StatementResult? {
        guard let name = s.name else { return nil }
        let source = try cohort(s.source)
        var cohort: Cohort
        if let filter = s.filter {
            try requireAlterationData(filter, in: source)
            let truth = try evaluateCondition(filter, in: source)
            var positions: [Int32] = []
            positions.reserveCapacity(truth.count)
            for (i, t) in truth.enumerated() where t == 1 { positions.append(Int32(i)) }
            let defining = source.defining ?? (filter.containsAlteration ? DefiningCondition(expression: filter, file: file) : nil)
            cohort = source.subset(positions, name: name.text, defining: defining, origin: "\(source.name) where \(text(filter.range))")
            if let extra = fusionAnnotation(filter, for: cohort), let table = try? cohort.table.appending(extra) {
                if let o = extra.first(where: { $0.name == "FUSION_ORIENTATION" }) {
                    let unknown = (0..<cohort.count).reduce(0) { $0 + (o.string(at: $1) == FusionAnnotation.unknownOrientation ? 1 : 0) }
                    if unknown > 0 { warn(RuntimeMessages.unknownOrientationInCohort(unknown, cohort.count, cohort.unit.rawValue), filter.range) }
                }
                cohort = cohort.replacingTable(table)
            }
            if positions.isEmpty {
                warn(RuntimeMessages.emptyCohort(name.text), filter.range, hint: "no \(source.unit.rawValue) of '\(source.name)' meets the condition")
            }
        } else {
            cohort = source.renamed(name.text, origin: source.name)
        }
        if session.cohort(named: name.text) != nil {
            warn("run.redefined", "the cohort '\(name.text)' is replaced", name.range)
        }
        session.define(cohort)
        return result(.message(MessageResult(verb: "let", text: "\(name.text): \(cohort.count) of \(source.count) \(source.unit.rawValue)s",
                                             facts: [("cohort", name.text), ("rows", String(cohort.count)), ("of", String(source.count))])))
    }

    // MARK: set

    mutating func evaluateSet(_ s: SetStatement) throws -> StatementResult? {
        guard let opt = s.option, let v = s.value else { return nil }
        let name = opt.text.lowercased()
        switch name {
        case "confidence":
            if let x = v.number, x > 0, x < 1 { session.options.confidence = x }
        case "conf_type":
            let w = (v.string ?? v.spelling).lowercased()
            session.options.confType = w == "loglog" ? "log-log" : w
        case "ties":
            session.options.ties = (v.string ?? v.spelling).lowercased()
        case "seed":
            if let x = v.number, x >= 0 { session.options.seed = UInt64(x) }
        case "match_rule":
            session.options.matchRule = (v.string ?? v.spelling).lowercased()
        case "plot_dpi":
            if let x = v.number, x >= 36, x <= 1200 { session.options.plotDPI = x }
        case "threads":
            guard let x = v.number, x >= 1, x <= Double(LanguageFacts.maxThreads), x == x.rounded() else {
                throw error(("run.badOptionValue", "'threads' must be " + LanguageFacts.threadsExpectation), v.range)
            }
            session.options.threads = Int(x)
        case "level":
            session.options.level = (v.string ?? v.spelling).lowercased() == "sample" ? .sample : .patient
        default:
            break
        }
        return result(.message(MessageResult(verb: "set", text: "\(name) = \(v.string ?? v.spelling)", facts: [("option", name), ("value", v.string ?? v.spelling)])))
    }
}
