import SurvQLSemantics
import SurvQLSyntax

/// The checks that need data, made before anything runs from the schemas the cache already
/// holds: an unknown column (with "did you mean" and a fix-it), an unknown gene, and a `load`
/// path that does not exist or is not a study or table. A schema still loading checks nothing.
struct DataChecker {
    let document: AnalysisDocument

    func diagnostics() -> [Diagnostic] {
        var out: [Diagnostic] = []
        let file = document.file
        for s in document.script.statements {
            if case let .load(l) = s.kind, case let .path(p, range)? = l.source, !p.contains("${") {
                out += checkLoad(path: p, range: range, perSample: l.perSample, id: l.idColumn?.text, statement: s)
            }
            guard let cohort = Self.cohortName(of: s) else { continue }
            guard let schema = document.schema(of: cohort.text, before: s.range.start) else { continue }
            for ref in NameReference.all(in: s) {
                switch ref.role {
                case .column:
                    guard schema.column(named: ref.name.text) == nil else { continue }
                    let near = Suggestions.closest(to: ref.name.text, in: schema.columns.map(\.name), limit: 2)
                    let m = AnalysisMessages.unknownColumn(ref.name.text, cohort: cohort.text, suggestion: Self.didYouMean(near))
                    let names = schema.columns.map(\.name)
                    let hint = near.isEmpty
                        ? "its columns are " + names.prefix(12).joined(separator: ", ") + (names.count > 12 ? ", … (\(names.count) in all)" : "")
                        : nil
                    out.append(Diagnostic(m.0, .error, m.1, file: file, range: ref.name.range, hint: hint,
                                          fixIts: near.first.map { [FixIt(message: "replace with '\($0)'", range: ref.name.range, replacement: $0)] } ?? []))
                case .gene:
                    guard schema.hasAlterationData else { continue }
                    let upper = ref.name.text.uppercased()
                    guard schema.gene(named: upper) == nil, !schema.panelGenes.contains(upper) else { continue }
                    let candidates = schema.genes.map(\.gene) + schema.panelGenes.sorted()
                    let near = Suggestions.closest(to: upper, in: candidates, limit: 2)
                    let m = AnalysisMessages.unknownGene(ref.name.text, suggestion: Self.didYouMean(near))
                    out.append(Diagnostic(m.0, .warning, m.1, file: file, range: ref.name.range,
                                          hint: "gene names are HUGO symbols, as in the study's data files",
                                          fixIts: near.first.map { [FixIt(message: "replace with '\($0)'", range: ref.name.range, replacement: $0)] } ?? []))
                default:
                    continue
                }
            }
        }
        return out
    }

    private func checkLoad(path: String, range: SourceRange, perSample: Bool, id: String?, statement: Statement) -> [Diagnostic] {
        let resolved = document.resolve(path)
        let lookup = document.schemas.schema(path: resolved, idColumn: id, perSample: perSample || document.sampleLevel(before: statement.range.start))
        switch lookup {
        case .missing:
            let m = AnalysisMessages.loadPathMissing(path)
            var dirs = [document.context.workingDirectory ?? "the working directory"]
            if let d = document.fileDirectory { dirs.append(d) }
            return [Diagnostic(m.0, .error, m.1, file: document.file, range: range,
                               hint: "relative paths are tried against " + dirs.joined(separator: ", then "))]
        case let .failed(message, hint):
            let m = AnalysisMessages.notAStudyOrTable(path, message)
            return [Diagnostic(m.0, .error, m.1, file: document.file, range: range, hint: hint)]
        case .ready, .loading:
            return []
        }
    }

    /// The cohort a statement reads (nil for `load` and `set`).
    static func cohortName(of s: Statement) -> Name? {
        switch s.kind {
        case let .let(l): return l.source
        case let .match(m): return m.cohort
        case let .survive(x): return x.cohort
        case let .compare(x): return x.cohort
        case let .prevalence(x): return x.cohort
        case let .associate(x): return x.cohort
        case let .describe(x): return x.cohort
        case let .plot(x): return x.cohort
        case let .power(x): return x.cohort
        case let .export(x): if case let .cohort(n)? = x.target { return n } else { return nil }
        case .load, .set, .error: return nil
        }
    }

    static func didYouMean(_ near: [String]) -> String {
        switch near.count {
        case 0: return ""
        case 1: return "; did you mean '\(near[0])'?"
        default: return "; did you mean '\(near[0])' or '\(near[1])'?"
        }
    }
}
