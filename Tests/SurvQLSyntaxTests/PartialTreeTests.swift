import Testing
import SurvQLSyntax

/// Partial trees and cursor lookups. A case is a source with a `$0` cursor marker (as in
/// rust-analyzer's fixtures) and what the tree holds there.
@Suite struct PartialTreeTests {
    /// The source without the marker, and the marker's byte offset.
    static func cursor(_ marked: String) -> (SourceFile, Int) {
        let r = marked.range(of: "$0")!
        let offset = marked.utf8.distance(from: marked.startIndex, to: r.lowerBound)
        return (SourceFile(name: "t", text: marked.replacingCharacters(in: r, with: "")), offset)
    }

    /// What `Script.node(at:)` finds: `name ALK`, `literal 3`, `expression (> age 3)`,
    /// `hole` (an empty error expression), `statement (survive r)`, or `nothing`.
    static func describe(_ node: SyntaxNode?) -> String {
        switch node {
        case let .name(n)?: return "name \(n.text)"
        case let .literal(l)?: return "literal \(l.spelling)"
        case let .expression(e)?:
            if case .error = e.kind, e.range.isEmpty { return "hole" }
            return "expression \(e.dump())"
        case let .statement(s)?: return "statement \(s.dump())"
        case nil: return "nothing"
        }
    }

    static func checkNode(_ marked: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let (file, offset) = cursor(marked)
        let (script, _) = Parser.parse(file)
        #expect(describe(script.node(at: offset)) == expected, "\(marked)", sourceLocation: sourceLocation)
    }

    static func checkTree(_ text: String, _ dump: String, _ diagnostics: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let (script, ds) = Parser.parse(SourceFile(name: "t", text: text))
        #expect(script.dump() == dump, sourceLocation: sourceLocation)
        #expect(summaries(ds) == diagnostics, sourceLocation: sourceLocation)
    }

    @Test func unfinishedStatementsKeepWhatTheyRead() {
        Self.checkTree("survive r by ", "(survive r by=(error)) !", ["1:13: expected a condition, found end of input"])
        Self.checkTree("match r by fusion NTRK1 ratio 10 on age, ", "(match r (fusion NTRK1) ratio=10 on=[age] as=_) !",
                       ["1:41: expected a covariate column after ',', found end of input"])
        Self.checkTree("let x = y where age > 3 and ", "(let x y (and (> age 3) (error))) !",
                       ["1:28: expected a condition, found end of input"])
        Self.checkTree("let x = y where age > ", "(let x y (error)) !",
                       ["1:22: expected a value (a number or a quoted string), found end of input"])
        Self.checkTree("compare rwd by sex adjust age, ", "(compare rwd by=sex adjust=[age]) !",
                       ["1:31: expected a covariate column after ',', found end of input"])
        Self.checkTree("prevalence i of fusion ALK, amp", "(prevalence i [(fusion ALK) (error)]) !",
                       ["1:32: expected a gene after 'amp', found end of input"])
        Self.checkTree("describe t t", "(describe t) !", ["1:12: unexpected 't' at the end of the statement"])
        Self.checkTree("let x = y where not (a > 1 or", "(let x y (not (or (> a 1) (error)))) !",
                       ["1:30: expected a condition, found end of input"])
        Self.checkTree("survive r at 6, 12,", "(survive r at=[6 12]) !", ["1:20: expected a number after ',', found end of input"])
        Self.checkTree("load \"x.tsv\"", "(load \"x.tsv\" as=_) !", ["1:1: 'load' needs a name: 'as NAME'"])
        // Not a statement at all: an error node.
        Self.checkTree("12 + 3", "(error)", ["1:1: expected a statement, found number 12", "1:4: unexpected '+'; SurvQL has no arithmetic"])
    }

    @Test func statementsWithErrorsAreMarked() {
        let (script, _) = Parser.parse(SourceFile(name: "t", text: "survive r by\ndescribe r\nlet = y"))
        #expect(script.statements.map(\.hasError) == [true, false, true])
    }

    @Test func nodeUnderCursor() {
        Self.checkNode("survive r$0 by sex", "name r")
        Self.checkNode("survive $0r by sex", "name r")
        Self.checkNode("let x = y where ag$0e > 3", "name age")
        Self.checkNode("let x = y where age > 3$0", "literal 3")
        Self.checkNode("let x = y where age > 3 or fusion AL$0K", "name ALK")
        Self.checkNode("let x = y where age > 3 or fusion EML4::A$0LK", "name ALK")
        Self.checkNode("let x = y where age > 3 or$0 sex = \"F\"", "expression (or (> age 3) (= sex \"F\"))")
        Self.checkNode("survive r by $0", "hole")
        Self.checkNode("survive r by $0\ndescribe r", "hole")
        Self.checkNode("survive r b$0y ", "statement (survive r by=(error)) !")
        Self.checkNode("match r by fusion NTRK1 ratio 10 on age, sm$0", "name sm")
        Self.checkNode("describe a\n$0\ndescribe b", "nothing")
        Self.checkNode("load \"da$0ta/x.tsv\" as t", "literal \"data/x.tsv\"")
        Self.checkNode("compare m by fusion adjust age, ecog$0", "name ecog")
    }

    @Test func tokenUnderCursor() {
        func token(_ marked: String) -> String {
            let (file, offset) = Self.cursor(marked)
            let (script, _) = Parser.parse(file)
            guard let t = script.token(at: offset) else { return "nothing" }
            return "\(t.kind) \(file.text(in: t.range))"
        }
        #expect(token("survive r by sex -- a com$0ment") == "comment -- a comment")
        #expect(token("sur$0vive r") == "keyword(SurvQLSyntax.Keyword.survive) survive")
        #expect(token("let x = y where a >$0= 3") == "greaterEqual >=")
        #expect(token("describe r   $0  ") == "nothing")
        #expect(token("describe r$0") == "identifier r")
    }

    @Test func commentsAreTokensWhenAsked() {
        let file = SourceFile(name: "t", text: "-- head\nload demo ntrk as r -- tail\r\n\n-- x")
        let plain = Lexer.tokenize(file).tokens
        #expect(!plain.contains { $0.kind == .comment })
        let (tokens, ds) = Lexer.tokenize(file, includeComments: true)
        #expect(ds.isEmpty)
        let comments = tokens.filter { $0.kind == .comment }.map { file.text(in: $0.range) }
        #expect(comments == ["-- head", "-- tail", "-- x"])
        // Keeping comments never changes which newlines end a statement.
        #expect(tokens.filter { $0.kind == .newline }.map(\.isSeparator) == plain.filter { $0.kind == .newline }.map(\.isSeparator))
        // Every token keeps its range, in order.
        for (a, b) in zip(tokens, tokens.dropFirst()) { #expect(a.range.end <= b.range.start) }
    }
}
