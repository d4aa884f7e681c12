import Foundation
import Testing
import SurvQLSyntax

/// Error cases are files: each line of `Cases/*.survql` may carry expectations in a trailing
/// comment, `-- ERROR@COL "text"` (or `WARNING@COL`), meaning a diagnostic of that severity at
/// this line and column whose message contains the text. Every diagnostic must be expected and
/// every expectation met.
@Suite struct DiagnosticCaseTests {
    struct Expectation: Hashable, CustomStringConvertible {
        var line: Int, column: Int, severity: String, text: String
        var description: String { "\(line):\(column) \(severity) \"\(text)\"" }
    }

    static func expectations(in text: String) throws -> [Expectation] {
        let rx = try Regex(#"(ERROR|WARNING)@(\d+) "([^"]*)""#)
        var out: [Expectation] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let comment = line.range(of: "-- ") else { continue }
            for m in line[comment.upperBound...].matches(of: rx) {
                out.append(Expectation(line: i + 1, column: Int(m.output[2].substring!)!,
                                       severity: m.output[1].substring!.lowercased(), text: String(m.output[3].substring!)))
            }
        }
        return out
    }

    static let caseFiles: [String] = {
        let dir = packageRoot.appendingPathComponent("Tests/SurvQLSyntaxTests/Cases")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".survql") }.sorted()
    }()

    @Test(arguments: caseFiles)
    func caseFile(_ name: String) throws {
        let url = packageRoot.appendingPathComponent("Tests/SurvQLSyntaxTests/Cases").appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        var expected = try Self.expectations(in: text)
        let (_, ds) = analyze(text, name: name)
        for d in ds {
            let (_, l, c) = d.location.fileLineColumn ?? ("", 0, 0)
            if let i = expected.firstIndex(where: { $0.line == l && $0.column == c && $0.severity == d.severity.rawValue && d.message.contains($0.text) }) {
                expected.remove(at: i)
            } else {
                Issue.record("\(name): unexpected diagnostic \(l):\(c): \(d.severity.rawValue): \(d.message)")
            }
        }
        for e in expected { Issue.record("\(name): missing diagnostic \(e)") }
    }

    @Test func fiveMistakesOnFiveLines() {
        let text = """
        load demo ntrk as rwd
        surive rwd by sex
        let older = rwd where age >= and sex = "F"
        compare rwd by fusion NTRK1 strta cancer_type
        set confidnce 0.9
        describe rdw
        """
        let (_, ds) = analyze(text)
        #expect(summaries(ds) == [
            "2:1: unknown statement 'surive'; did you mean 'survive'?",
            "3:30: expected a value (a number or a quoted string), found 'and'",
            "4:29: unknown clause 'strta'; did you mean 'strata'?",
            "5:5: unknown option 'confidnce'; did you mean 'confidence'?",
            "6:10: unknown cohort 'rdw'; did you mean 'rwd'?",
        ])
    }
}
