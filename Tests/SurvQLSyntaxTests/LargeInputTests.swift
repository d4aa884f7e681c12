import Testing
import SurvQLSyntax
import SurvQLSemantics

/// Inputs far larger than any query: they finish only if lexing, separator marking and parsing
/// are linear (the quadratic separator search took 14.7 s for 200,000 blank lines), and long
/// condition chains cost no stack.
@Suite struct LargeInputTests {
    @Test func hundredsOfThousandsOfBlankAndCommentLines() {
        for filler in ["\n", "-- comment\n", "   \r\n"] {
            let text = "load demo ntrk as r\n" + String(repeating: filler, count: 300_000) + "describe r\n"
            let file = SourceFile(name: "big", text: text)
            #expect(file.lineStarts.count == 300_003)
            let (script, ds) = Parser.parse(file)
            #expect(ds.isEmpty)
            #expect(script.dump() == "(load demo:ntrk as=r)\n(describe r)")
            #expect(Completeness.isComplete(text))
        }
    }

    @Test func hundredThousandTermChains() {
        for op in ["or", "AND"] {
            let terms = (0..<100_000).map { "age = \($0 % 90)" }.joined(separator: " \(op)\n  ")
            let text = "load demo ntrk as r\nlet x = r where \(terms)\ndescribe x"
            let (script, ds) = Parser.parse(SourceFile(name: "chain", text: text))
            #expect(ds.isEmpty)
            #expect(Checker.check(script).isEmpty)
            guard case let .let(l) = script.statements[1].kind, let filter = l.filter else {
                Issue.record("not a let with a filter"); continue
            }
            switch filter.kind {
            case let .or(t), let .and(t): #expect(t.count == 100_000)
            default: Issue.record("not a flat chain")
            }
            #expect(filter.columns.count == 100_000)
            #expect(script.dump().count > 1_000_000)
            #expect(Formatter.format(text).hasPrefix("load demo ntrk as r\nlet x = r\n    where age = 0 \(op.lowercased()) age = 1"))
        }
    }

    @Test func mixedChainsNestAsWritten() {
        let (script, _) = Parser.parse(SourceFile(name: "t", text: "let x = y where a = 1 and b = 2 or c = 3 and not d = 4 or (e = 5 or f = 6)"))
        #expect(script.dump() == "(let x y (or (and (= a 1) (= b 2)) (and (= c 3) (not (= d 4))) (or (= e 5) (= f 6))))")
    }

    @Test func oneDiagnosticPerRunOfBadBytes() {
        let (_, ds) = Parser.parse(SourceFile(name: "nul", bytes: [UInt8](repeating: 0, count: 1_000_000)))
        #expect(ds.count == 1)
        #expect(ds.first?.message == "unexpected bytes in query")
        #expect(ds.first?.sourceRange == SourceRange(start: 0, end: 1_000_000))
        // Other unusable bytes, and invalid UTF-8, in one run.
        let (_, ds2) = Parser.parse(SourceFile(name: "mix", bytes: Array("describe r ".utf8) + [1, 2, 0xFF, 0xFE, 0x80, 7, 0]))
        #expect(ds2.map(\.id) == ["lex.unexpectedCharacter"])
    }

    @Test func errorsAreCappedPerFile() {
        let text = String(repeating: "surive r\n", count: 500)
        let (script, ds) = Parser.parse(SourceFile(name: "many", text: text))
        #expect(script.statements.count == 500)
        #expect(ds.count == Parser.maxErrors + 1)
        #expect(ds.last?.id == "parse.tooManyErrors")
        #expect(ds.last?.message == "too many errors, stopping (450 more not shown after the first 50)")
        #expect(summaries([ds.last!]) == ["51:1: too many errors, stopping (450 more not shown after the first 50)"])
    }
}
