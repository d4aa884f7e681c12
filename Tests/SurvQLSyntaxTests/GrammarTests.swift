import Foundation
import Testing
import SurvQLSyntax

@Suite struct GrammarTests {
    static let grammar: String = (try? String(contentsOf: packageRoot.appendingPathComponent("grammar/survql.ebnf"), encoding: .utf8)) ?? ""

    /// The grammar text without comments.
    static var rules: String {
        var out = "", depth = 0
        let chars = Array(grammar)
        var i = 0
        while i < chars.count {
            // ISO 14977 comments do not nest.
            if depth == 0, i + 1 < chars.count, chars[i] == "(", chars[i + 1] == "*" { depth = 1; i += 2; continue }
            if depth > 0, i + 1 < chars.count, chars[i] == "*", chars[i + 1] == ")" { depth = 0; i += 2; continue }
            if depth == 0 { out.append(chars[i]) }
            i += 1
        }
        return out
    }

    @Test func keywordSetEqualsLexer() throws {
        #expect(!Self.grammar.isEmpty)
        let regex = try Regex(#""([a-z]+)""#)
        var inGrammar = Set<String>()
        for m in Self.rules.matches(of: regex) {
            if let s = m.output[1].substring { inGrammar.insert(String(s)) }
        }
        let inLexer = Set(Keyword.allCases.map(\.rawValue))
        #expect(inGrammar.subtracting(inLexer).sorted() == [], "in the grammar but not the lexer")
        #expect(inLexer.subtracting(inGrammar).sorted() == [], "in the lexer but not the grammar")
    }

    @Test func everyGrammarExampleParses() {
        let examples = Self.grammar.split(separator: "\n").filter { $0.hasPrefix("(*>") }.map {
            String($0.dropFirst(3).dropLast(2)).trimmingCharacters(in: .whitespaces)
        }
        #expect(examples.count >= 20)
        for e in examples {
            let (script, ds) = Parser.parse(SourceFile(name: "example", text: e))
            #expect(ds.isEmpty, "\(e): \(summaries(ds))")
            #expect(script.statements.count == 1, "\(e)")
        }
    }

    @Test func everyExampleFileIsClean() throws {
        let dir = packageRoot.appendingPathComponent("examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".survql") }.sorted()
        #expect(!files.isEmpty)
        for f in files {
            let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            let (_, ds) = analyze(text, name: f)
            // Example files that demonstrate errors in data are still clean queries.
            #expect(ds.filter { $0.severity == .error }.isEmpty, "\(f): \(summaries(ds))")
        }
    }
}
