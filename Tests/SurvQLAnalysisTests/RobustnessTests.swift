import SurvQLAnalysis
import SurvQLSyntax
import Testing

/// Every request at every offset of random, mostly broken texts answers without a crash, with
/// ranges inside the text.
@Suite struct RobustnessTests {
    static let pieces = ["load", "demo", "ntrk", "as", "rwd", "let", "x", "=", "where", "age", ">", "65", "and", "or", "not",
                         "(", ")", "survive", "compare", "by", "fusion", "ALK", "::", "|", "-", "mut", "KRAS", "G12C", "in",
                         ",", "\"", "\"msk_", "'a'", "--", "-- c", "\n", "\n", ";", "set", "ties", "efron", "match", "ratio",
                         "on", "sex", "is", "missing", "`q`", "é", "\u{1F600}", "\t", " ", " ", "describe", "plot", "survival",
                         "to", "export", "last", "12.5", "1e3", "12mo", "!", ":", "endpoint", "os", "prevalence", "of"]

    @Test func randomTextsAtEveryOffset() {
        var state: UInt64 = 0x5EED
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let host = AnalysisHost(schemas: testSchemas)
        let context = AnalysisContext(workingDirectory: sharedData)
        for _ in 0..<150 {
            var text = ""
            for _ in 0..<(1 + next(30)) { text += Self.pieces[next(Self.pieces.count)] + (next(3) == 0 ? "" : " ") }
            let file = SourceFile(name: "<fuzz>", text: text)
            let size = file.bytes.count
            func inside(_ r: SourceRange) -> Bool { r.start >= 0 && r.end <= size && r.start <= r.end }
            for t in host.semanticTokens(file, context: context) { #expect(inside(t.range), "\(text)") }
            for d in host.diagnostics(file, context: context) { #expect(d.sourceRange.map(inside) ?? true, "\(text)") }
            for s in host.symbols(file, context: context) { #expect(s.definition.map(inside) ?? true, "\(text)") }
            for offset in 0...size {
                for item in host.complete(file, at: offset, context: context) { #expect(inside(item.replace), "\(text) @\(offset)") }
                if let h = host.hover(file, at: offset, context: context) { #expect(inside(h.range), "\(text) @\(offset)") }
                if let d = host.definition(file, at: offset, context: context) { #expect(inside(d)) }
                for r in host.references(file, at: offset, context: context) { #expect(inside(r)) }
            }
        }
    }
}
