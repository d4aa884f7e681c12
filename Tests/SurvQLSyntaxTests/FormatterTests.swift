import Foundation
import Testing
import SurvQLSyntax

/// The formatter: golden cases as files (`Format/NAME.in.survql` formats to `NAME.out.survql`),
/// idempotence, and meaning kept (the tree of the formatted text dumps as the original's).
@Suite struct FormatterTests {
    static let formatDir = packageRoot.appendingPathComponent("Tests/SurvQLSyntaxTests/Format")

    static let cases: [String] = {
        ((try? FileManager.default.contentsOfDirectory(atPath: formatDir.path)) ?? [])
            .filter { $0.hasSuffix(".in.survql") }.map { String($0.dropLast(".in.survql".count)) }.sorted()
    }()

    /// Every example file and every grammar example.
    static let validSources: [String] = {
        let dir = packageRoot.appendingPathComponent("examples")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".survql") }.sorted()
        let examples = files.compactMap { try? String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8) }
        let grammar = GrammarTests.grammar.split(separator: "\n").filter { $0.hasPrefix("(*>") }.map {
            String($0.dropFirst(3).dropLast(2)).trimmingCharacters(in: .whitespaces)
        }
        return examples + grammar
    }()

    /// Formats `text` and checks: idempotent, the same tree, every comment kept.
    static func checkFormat(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let once = Formatter.format(text)
        let twice = Formatter.format(once)
        #expect(once == twice, "not idempotent:\n\(text)\n---\n\(once)\n---\n\(twice)", sourceLocation: sourceLocation)
        let before = Parser.parse(SourceFile(name: "a", text: text))
        let after = Parser.parse(SourceFile(name: "b", text: once))
        #expect(after.script.dump() == before.script.dump(), "meaning changed:\n\(text)\n---\n\(once)", sourceLocation: sourceLocation)
        #expect(after.diagnostics.map(\.message) == before.diagnostics.map(\.message), "\(text)", sourceLocation: sourceLocation)
        for c in comments(text) {
            #expect(once.contains(c), "comment '\(c)' lost:\n\(text)\n---\n\(once)", sourceLocation: sourceLocation)
        }
    }

    /// The comments of a text, without trailing blanks.
    static func comments(_ text: String) -> [String] {
        let file = SourceFile(name: "c", text: text)
        return Lexer.tokenize(file, includeComments: true).tokens.filter { $0.kind == .comment }.map { trimmed(file.text(in: $0.range)) }
    }

    /// A comment's text without trailing blanks, as the formatter writes it.
    static func trimmed(_ text: String) -> String {
        var s = Substring(text)
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }

    @Test(arguments: cases)
    func golden(_ name: String) throws {
        let input = try String(contentsOf: Self.formatDir.appendingPathComponent(name + ".in.survql"), encoding: .utf8)
        let expected = try String(contentsOf: Self.formatDir.appendingPathComponent(name + ".out.survql"), encoding: .utf8)
        #expect(Formatter.format(input) == expected)
        #expect(Formatter.format(expected) == expected, "the expected layout is not a fixed point")
        Self.checkFormat(input)
    }

    @Test func examplesAndGrammarExamples() {
        #expect(Self.validSources.count >= 25)
        for s in Self.validSources { Self.checkFormat(s) }
    }

    @Test func examplesAreInTheCanonicalLayout() throws {
        let dir = packageRoot.appendingPathComponent("examples")
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path) where f.hasSuffix(".survql") {
            let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            #expect(Formatter.format(text) == text, "\(f) would change under 'survql fmt'")
        }
    }

    @Test func smallCases() {
        #expect(Formatter.format("") == "")
        #expect(Formatter.format("\n\n\n") == "")
        #expect(Formatter.format("-- only") == "-- only\n")
        #expect(Formatter.format("describe r;;describe s;") == "describe r\ndescribe s\n")
        #expect(Formatter.format("describe r\n\n\n\ndescribe s") == "describe r\n\ndescribe s\n")
        #expect(Formatter.format("let x = y where (((a > 1)))") == "let x = y where (((a > 1)))\n")
        #expect(Formatter.format("let x = y where a > - 3") == "let x = y where a > -3\n")
        #expect(Formatter.format("survive `By` by `by`") == "survive `By` by `by`\n")
        #expect(Formatter.format("SURVIVE Time BY Time TIME Time EVENT Event") == "survive Time by Time time Time event Event\n")
        #expect(Formatter.format("set level PATIENT") == "set level PATIENT\n")
        // Windows line ends and a UTF-8 BOM-free file with non-ASCII names.
        #expect(Formatter.format("describe r\r\ndescribe s\r\n") == "describe r\ndescribe s\n")
        #expect(Formatter.format("describe cohorte_été") == "describe cohorte_été\n")
    }

    /// Random statements from a grammar-shaped generator: those that parse without error
    /// format idempotently to the same tree.
    @Test func randomValidStatements() {
        var rng = RobustnessTests.SplitMix64(state: 99)
        let heads = ["load \"x.tsv\" as t", "LOAD demo ntrk AS r", "describe r", "let a = r", "set confidence 0.9", "export last to \"o.json\""]
        let conds = ["age > 3", "sex = \"F\"", "fusion ALK", "fusion EML4::ALK", "not x is missing", "a in (1, -2)", "(b < 2 or c >= 1)", "amp ERBB2|MYC", "mut KRAS G12C"]
        let joins = [" and ", " OR ", " and\n  ", " or -- c\n "]
        var formatted = 0
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                switch Int.random(in: 0...3, using: &rng) {
                case 0: text += heads.randomElement(using: &rng)!
                case 1:
                    text += "let x = r where " + conds.randomElement(using: &rng)!
                    for _ in 0..<Int.random(in: 0...4, using: &rng) { text += joins.randomElement(using: &rng)! + conds.randomElement(using: &rng)! }
                case 2: text += "match r by " + conds.randomElement(using: &rng)! + " ratio 2 on age,\n sex seed 1 as m"
                default: text += "compare r by " + conds.randomElement(using: &rng)! + " adjust a, b strata s -- end"
                }
                text += ["\n", "; ", "\n\n\n", " -- note\n"].randomElement(using: &rng)!
            }
            if Parser.parse(SourceFile(name: "r", text: text)).diagnostics.isEmpty { formatted += 1 }
            Self.checkFormat(text)
        }
        #expect(formatted > 1_000)
    }
}
