import Dispatch
import Foundation
import SurvQLAnalysis
import SurvQLData
import SurvQLSemantics
import SurvQLSyntax
import Survival

/// The analysis layer's latencies: completion and hover on a 1,000-line file (goal under 5 ms),
/// the schema of msk_met_2021 cold and cached, and the time from a cancel to the stop of a
/// 10^6-row load and of a 2,800 × 100,000 match (goal under 100 ms). Prints one line each.
func analysisBenchmarks() {
    let host = AnalysisHost(schemas: SchemaCache())
    var lines = ["load demo ntrk as rwd"]
    var i = 0
    while lines.count < 999 {
        lines.append("let c\(i) = rwd where age > \(40 + i % 30) and sex = \"Female\" -- cohort \(i)")
        lines.append("survive c\(i) by ecog at 12, 24")
        lines.append("compare c\(i) by fusion NTRK1|NTRK2|NTRK3 adjust age, ecog")
        i += 1
    }
    let text = lines.joined(separator: "\n") + "\nsurvive c3 by "
    let file = SourceFile(name: "bench.survql", text: text)
    host.loadSchemas(file)
    let end = file.bytes.count
    // Each request on a new version of the text (a new SourceFile: lexed, parsed and checked
    // again), and again on the same version (answered from the host's document snapshot).
    func edited() -> SourceFile { SourceFile(name: file.name, bytes: file.bytes) }
    let completion = medianMilliseconds(runs: 21) { _ = host.complete(edited(), at: end) }
    let completionWarm = medianMilliseconds(runs: 21) { _ = host.complete(file, at: end) }
    let count = host.complete(file, at: end).count
    let middle = text.utf8.count / 2
    let hoverOffset = (text.range(of: "ecog", range: text.index(text.startIndex, offsetBy: middle)..<text.endIndex)
        .map { text.utf8.distance(from: text.startIndex, to: $0.lowerBound) } ?? middle) + 1
    let hover = medianMilliseconds(runs: 21) { _ = host.hover(edited(), at: hoverOffset) }
    let hoverWarm = medianMilliseconds(runs: 21) { _ = host.hover(file, at: hoverOffset) }
    let hoverText = host.hover(file, at: hoverOffset)?.markdown.split(separator: "\n").first ?? "none"
    let lex = medianMilliseconds(runs: 11) { _ = Lexer.tokenize(edited()) }
    let parse = medianMilliseconds(runs: 11) { _ = Parser.parse(edited()) }
    let parsed = Parser.parse(file).script
    let check = medianMilliseconds(runs: 11) { _ = Checker.analyze(parsed) }
    let diagnostics = medianMilliseconds(runs: 5) { _ = host.diagnostics(edited()) }
    let tokens = medianMilliseconds(runs: 5) { _ = host.semanticTokens(edited()) }
    print("1,000-line file (\(file.bytes.count) bytes):")
    print(String(format: "  completion at the end   %7.2f ms new text, %6.3f ms same text  (%d candidates)", completion, completionWarm, count))
    print(String(format: "  hover in the middle     %7.2f ms new text, %6.3f ms same text  (%@)", hover, hoverWarm, String(hoverText)))
    print(String(format: "  of which lex %.2f ms, lex + parse %.2f ms, check %.2f ms", lex, parse, check))
    print(String(format: "  diagnostics             %7.2f ms", diagnostics))
    print(String(format: "  semantic tokens         %7.2f ms", tokens))

    let study = FileManager.default.currentDirectoryPath + "/../shared/data/msk_met_2021"
    let cache = SchemaCache()
    var start = DispatchTime.now().uptimeNanoseconds
    _ = cache.schema(path: study)
    cache.waitForLoads()
    let cold = milliseconds(since: start)
    start = DispatchTime.now().uptimeNanoseconds
    let second = cache.schema(path: study)
    let cached = milliseconds(since: start)
    if case let .ready(s) = second {
        print("msk_met_2021 schema (\(s.patients) patients, \(s.columns.count) columns, \(s.genes.count) genes):")
        print(String(format: "  cold                    %7.1f ms", cold))
        print(String(format: "  cached                  %7.3f ms", cached))
    } else {
        print("msk_met_2021 schema: not available (\(second)); run from the repository root")
    }

    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("survql-bench-analysis-\(getpid())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("cohort.tsv").path
    _ = writeBenchmarkTSV(path: path, rows: 1_000_000)
    start = DispatchTime.now().uptimeNanoseconds
    _ = try? DataLoader.load(path: path)
    let fullLoad = milliseconds(since: start)
    let loadStops = [0.1, 0.3, 0.5, 0.7].map { fraction in
        cancelToStop(after: fullLoad * fraction) { token in _ = try? DataLoader.load(path: path, cancellation: token) }
    }
    print(String(format: "cancel a 10^6-row load (whole load %.0f ms): stops %@ ms after the cancel",
                 fullLoad, loadStops.map { String(format: "%.1f", $0) }.joined(separator: ", ")))

    let data = MatchBenchData(treated: 2_800, controls: 100_000, seed: 20_240_601)
    start = DispatchTime.now().uptimeNanoseconds
    _ = NearestNeighborMatcher(ratio: 10).matchOnPropensity(treated: data.treated, covariates: data.covariates)
    let fullMatch = milliseconds(since: start)
    let matchStops = [0.1, 0.3, 0.5, 0.7].map { fraction in
        cancelToStop(after: fullMatch * fraction) { token in
            var m = NearestNeighborMatcher(ratio: 10)
            m.isCancelled = token.check
            _ = m.matchOnPropensity(treated: data.treated, covariates: data.covariates)
        }
    }
    print(String(format: "cancel a 2,800 × 100,000 match (whole match %.0f ms): stops %@ ms after the cancel",
                 fullMatch, matchStops.map { String(format: "%.1f", $0) }.joined(separator: ", ")))
}

/// Runs `work` on another thread, cancels its token after `delay` milliseconds, and returns the
/// milliseconds from the cancel to the end of the work.
private func cancelToStop(after delay: Double, _ work: @escaping @Sendable (CancellationToken) -> Void) -> Double {
    let token = CancellationToken()
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        work(token)
        done.signal()
    }
    Thread.sleep(forTimeInterval: delay / 1000)
    let cancelled = DispatchTime.now().uptimeNanoseconds
    token.cancel()
    done.wait()
    return milliseconds(since: cancelled)
}

private func milliseconds(since start: UInt64) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

private func medianMilliseconds(runs: Int, _ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(milliseconds(since: start))
    }
    return times.sorted()[times.count / 2]
}
