import Foundation
import Testing
import SurvQLSyntax

/// The editors' TextMate grammar names exactly the lexer's keywords, and the VS Code extension
/// ships the same file as `grammar/`.
@Suite struct TextMateGrammarTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func load(_ path: String) throws -> Data { try Data(contentsOf: Self.root.appendingPathComponent(path)) }

    @Test func keywordsEqualTheLexers() throws {
        let json = try JSONSerialization.jsonObject(with: try load("grammar/survql.tmLanguage.json")) as? [String: Any]
        let repository = try #require(json?["repository"] as? [String: [String: Any]])
        var words = Set<String>()
        for (_, rule) in repository {
            guard let match = rule["match"] as? String, match.hasPrefix("(?i)\\b(") else { continue }
            let inner = match.dropFirst("(?i)\\b(".count).dropLast(")\\b".count)
            for w in inner.split(separator: "|") { #expect(words.insert(String(w)).inserted, "\(w) twice") }
        }
        #expect(words == Set(Keyword.allCases.map(\.rawValue)))
        let verbs = try #require(repository["verb"]?["match"] as? String)
        #expect(verbs.contains("|survive|") && Keyword.verbs.allSatisfy { verbs.contains($0.rawValue) })
    }

    @Test func vscodeShipsTheSameGrammar() throws {
        #expect(try load("grammar/survql.tmLanguage.json") == (try load("editors/vscode/syntaxes/survql.tmLanguage.json")))
    }

    @Test func grammarMatchesCommentsAndStrings() throws {
        let json = try JSONSerialization.jsonObject(with: try load("grammar/survql.tmLanguage.json")) as? [String: Any]
        let repository = try #require(json?["repository"] as? [String: [String: Any]])
        let comment = try NSRegularExpression(pattern: try #require(repository["comment"]?["match"] as? String))
        let line = "survive rwd -- by sex"
        let m = comment.firstMatch(in: line, range: NSRange(line.startIndex..., in: line))
        #expect(m.map { (line as NSString).substring(with: $0.range) } == "-- by sex")
    }
}
