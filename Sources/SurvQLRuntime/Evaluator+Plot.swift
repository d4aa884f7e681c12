import Foundation
import SurvQLSemantics
import SurvQLSyntax

extension Evaluator {
    /// `plot [survival|incidence|forest|balance] COHORT ... to "FILE" [OPTION ...]`: the numbers
    /// of `survive` (with `compare`'s test for the annotation), of `compare`'s Cox model, or of a
    /// `match`'s balance, drawn by the front end's figure renderer and written as SVG, PNG or PDF.
    /// The result carries the SVG text. The file is written under `export`'s rules: never over
    /// loaded data or a query file, an existing file only with `overwrite`, atomically.
    mutating func evaluatePlot(_ p: PlotStatement) throws -> StatementResult? {
        guard let pathLit = p.path, let written = pathLit.string else { return nil }
        let path = try expandParameters(written, pathLit.range)
        let output = try outputFile(path, pathLit.range, overwrite: p.overwrite != nil)
        var streamed = output.kind == .standardOutput
        if case .stream = output.kind { streamed = true }
        guard let format = LanguageFacts.plotFormat(of: path) ?? (streamed ? "svg" : nil) else {
            throw error(PlotMessages.format, pathLit.range, hint: LanguageFacts.plotFormatHint)
        }
        guard let renderer = session.figureRenderer else { throw error(RuntimeMessages.notYet("plot"), statement.range) }
        if let problem = PlotOptionRules.problems(p).first {
            throw error((problem.id, problem.text), problem.range, hint: problem.hint)
        }
        var spec: FigureSpec
        switch p.kind {
        case .survival, .incidence: spec = try survivalFigure(p)
        case .forest: spec = try forestFigure(p)
        case .balance: spec = try balanceFigure(p)
        }
        try applyPlotOptions(p, to: &spec)
        let svg = renderer(spec)
        try writeFigure(svg, to: output, path: path, format: format, range: pathLit.range)
        return result(.message(MessageResult(verb: "plot", text: "wrote \(path)",
                                             facts: [("path", path), ("format", format)], svg: svg)))
    }

    /// Renders the figure's bytes through `FigureWriter` and writes them, turning failures into
    /// diagnostics on the file name.
    func writeFigure(_ svg: String, to output: OutputFile, path: String, format: String, range: SourceRange) throws {
        let bytes: [UInt8]
        do {
            bytes = try FigureWriter.render(svg: svg, format: format, dpi: options.plotDPI)
        } catch .converterMissing {
            throw error(PlotMessages.converterMissing(format), range, hint: PlotMessages.converterHint)
        } catch let .conversionFailed(why) {
            throw error(PlotMessages.conversionFailed(format, why), range)
        } catch let .cannotWrite(why) {
            throw error(RuntimeMessages.cannotWrite(path, why), range)
        }
        do {
            try output.write(bytes: bytes, standardOutput: session.standardOutput.map { out in { out(String(decoding: $0, as: UTF8.self)) } })
        } catch let failure {
            throw error(RuntimeMessages.cannotWrite(path, failure.reason), range)
        }
    }

    /// The Kaplan–Meier numbers exactly as `survive` computes them (numbers at risk included),
    /// with the tick interval of `break`/`xlim`, and `compare`'s test for two or more groups.
    mutating func survivalFigure(_ p: PlotStatement) throws -> FigureSpec {
        var s = SurviveStatement()
        s.cohort = p.cohort
        s.grouping = p.grouping
        s.endpoint = p.endpoint
        let (from, to) = try plotRange(p)
        if let b = p.option("break")?.values.first {
            let step = b.number ?? 1  // positive: PlotOptionRules checked it
            s.every = b
            if let to {
                let n = Int(((to - (from ?? 0)) / step).rounded(.down)) + 1
                if n > PlotMessages.maxTicks { throw error(PlotMessages.tooManyTicks(n), b.range) }
            }
        } else if let to {
            // The same rule as survive's default ticks, over the shown range.
            let ticks = Self.riskTimes(maxTime: to - (from ?? 0), every: nil)
            if ticks.count > 1 {
                let r = p.option("xlim")!.range
                s.every = Literal(value: .number(ticks[1] - ticks[0]), spelling: String(ticks[1] - ticks[0]), range: r)
            }
        }
        guard let r = try evaluateSurvive(s), case var .survival(curves) = r.value else { throw error(PlotMessages.noModel, statement.range) }
        if p.option("break") != nil, to == nil, curves.riskTimes.count > PlotMessages.maxTicks {
            throw error(PlotMessages.tooManyTicks(curves.riskTimes.count), p.option("break")!.range)
        }
        if from != nil || to != nil {
            let keep = curves.riskTimes.indices.filter { curves.riskTimes[$0] >= (from ?? 0) - 1e-9 && curves.riskTimes[$0] <= (to ?? .infinity) + 1e-9 }
            curves.riskTimes = keep.map { curves.riskTimes[$0] }
            for k in curves.groups.indices { curves.groups[k].atRisk = keep.map { curves.groups[k].atRisk[$0] } }
        }
        var comparison: ComparisonResult? = nil
        if curves.groups.filter({ $0.n > 0 }).count >= 2, p.option("pvalue")?.values.first?.value != .bool(false) {
            var c = CompareStatement()
            c.cohort = p.cohort
            c.grouping = p.grouping
            c.endpoint = p.endpoint
            c.strata = p.strata
            c.reference = p.reference
            // survive already reported the data's warnings; the test's would repeat them.
            let saved = warnings
            if case let .comparison(cr)? = (try? evaluateCompare(c))??.value { comparison = cr }
            warnings = saved
        }
        var spec = FigureSpec(content: .survival(curves, comparison))
        spec.incidence = p.kind == .incidence
        spec.xFrom = from
        spec.xTo = to
        return spec
    }

    /// The Cox model `compare` fits, for a forest plot.
    mutating func forestFigure(_ p: PlotStatement) throws -> FigureSpec {
        var c = CompareStatement()
        c.cohort = p.cohort
        c.grouping = p.grouping
        c.endpoint = p.endpoint
        c.adjust = p.adjust
        c.strata = p.strata
        c.cluster = p.cluster
        c.reference = p.reference
        c.extras.within = p.within
        guard let r = try evaluateCompare(c), case let .comparison(cr) = r.value, let cox = cr.cox, !cox.terms.isEmpty else {
            throw error(PlotMessages.noModel, statement.range)
        }
        if p.within != nil, !(cr.extras.subgroups?.rows.contains { !$0.terms.isEmpty } ?? false) {
            throw error(PlotMessages.noModel, statement.range)
        }
        var spec = FigureSpec(content: .forest(cr))
        let (from, to) = try plotRange(p)
        spec.xFrom = from
        spec.xTo = to
        return spec
    }

    /// The balance table of the `match` that made the cohort.
    func balanceFigure(_ p: PlotStatement) throws -> FigureSpec {
        guard let name = p.cohort else { throw error(RuntimeMessages.unknownCohort("?"), statement.range) }
        _ = try cohort(name)
        guard let m = session.matchResults[name.text] else {
            throw error(PlotMessages.notAMatch(name.text), name.range, hint: "make it with: match COHORT by CONDITION ratio K on COL, ... as \(name.text)")
        }
        if m.balance.isEmpty { throw error(PlotMessages.noBalance, name.range) }
        var spec = FigureSpec(content: .balance(m))
        let (from, to) = try plotRange(p)
        spec.xFrom = from
        spec.xTo = to
        return spec
    }

    /// `xlim T` or `xlim (A, B)`: the shown range of the horizontal axis.
    /// (Its order was checked by `PlotOptionRules`.)
    func plotRange(_ p: PlotStatement) throws -> (Double?, Double?) {
        guard let o = p.option("xlim") else { return (nil, nil) }
        let numbers = o.values.compactMap(\.number)
        let from = numbers.count == 2 ? numbers[0] : nil
        let to = numbers.last ?? 0
        return (from, to)
    }
}
