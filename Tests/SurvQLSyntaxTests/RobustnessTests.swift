import Testing
import SurvQLSyntax
import SurvQLSemantics

/// Random inputs through lexer, parser, checker and formatter: no crash, no hang, every
/// diagnostic's range lies inside the input, and formatting keeps every comment. A fixed seed
/// keeps failures reproducible.
@Suite struct RobustnessTests {
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func run(_ bytes: [UInt8]) {
        let file = SourceFile(name: "fuzz", bytes: bytes)
        let (script, ds) = Parser.parse(file)
        let all = ds + Checker.check(script)
        for d in all {
            guard let r = d.sourceRange else { Issue.record("diagnostic without a range: \(d)"); continue }
            if !(r.start >= 0 && r.end <= bytes.count && r.start <= r.end) {
                Issue.record("range \(r) outside input of \(bytes.count) bytes: \(d.message)")
            }
            _ = DiagnosticFormatter().format(d)
        }
        for s in script.statements where !(s.range.start >= 0 && s.range.end <= bytes.count) {
            Issue.record("statement range \(s.range) outside input")
        }
        let formatted = Formatter.format(file, script: script)
        let comments = Lexer.tokenize(file, includeComments: true).tokens.filter { $0.kind == .comment }
        for c in comments.map({ FormatterTests.trimmed(file.text(in: $0.range)) }) where !formatted.contains(c) {
            Issue.record("the formatter lost the comment '\(c)'")
        }
    }

    @Test func randomBytes() {
        var rng = SplitMix64(state: 20_221_121)
        let alphabet = Array("load let match survive compare by fusion ALK :: | ( ) , ; = < > ! \" ' ` - 0.5 12 \n\t".utf8)
        for i in 0..<50_000 {
            let n = Int.random(in: 0...64, using: &rng)
            var bytes = [UInt8]()
            bytes.reserveCapacity(n)
            for _ in 0..<n {
                // Half the inputs are arbitrary bytes (invalid UTF-8 included), half from a query-like alphabet.
                bytes.append(i % 2 == 0 ? UInt8.random(in: 0...255, using: &rng) : alphabet.randomElement(using: &rng)!)
            }
            Self.run(bytes)
        }
    }

    @Test func randomTokenSequences() {
        var rng = SplitMix64(state: 7)
        let words = Keyword.allCases.map(\.rawValue) + ["rwd", "age", "sex", "ALK", "NTRK1", "\"x.tsv\"", "'F'", "`time`",
                                                        "0.2", "10", "-3", "1e-3", "(", ")", ",", ";", "=", "!=", "<", ">=",
                                                        "|", "::", "-", "\n", "\n", "--c\n", "ecgo", "surive", "strta",
                                                        "+", "&&", "||", "/data/x", "EML4-ALK", "a.b", "~/s", "Non Small", "\\", "matchit-4.5.1"]
        for _ in 0..<50_000 {
            let n = Int.random(in: 1...24, using: &rng)
            let text = (0..<n).map { _ in words.randomElement(using: &rng)! }.joined(separator: " ")
            Self.run(Array(text.utf8))
        }
    }
}
