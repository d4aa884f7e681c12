import Foundation
import SurvQLSemantics
import SurvQLSyntax
import Testing

/// The documentation catalog is the one source of the README's statement table, hover and `.help`.
@Suite struct DocumentationTests {
    @Test func readmeStatementTableIsTheCatalog() throws {
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "| statement | what it does |"))
        let table = lines[start...].prefix { $0.hasPrefix("|") }.joined(separator: "\n")
        #expect(table == Documentation.statementTable())
    }

    @Test func everyVerbHasHelpAndAnExample() {
        for verb in Keyword.verbs {
            #expect(Documentation.statements.contains { $0.verb == verb }, "\(verb)")
            #expect(Documentation.help(for: verb.rawValue.uppercased())?.contains("example: ") == true, "\(verb)")
        }
        #expect(Documentation.help(for: "nonsense") == nil)
        #expect(Documentation.help(for: "caliper")?.hasPrefix("caliper: caliper X") == true)
    }

    @Test func helpIndexOneLinePerStatement() {
        let lines = Documentation.helpIndex().components(separatedBy: "\n")
        #expect(lines.count == Documentation.statements.count)
        #expect(lines.first?.hasPrefix("load \"PATH\" as NAME [id COLUMN] [per sample]") == true)
        #expect(lines.allSatisfy { !$0.contains("`") })
    }

    @Test func everyStatementExampleParses() {
        for d in Documentation.statements {
            let (_, diagnostics) = Parser.parse(SourceFile(name: "x", text: d.example))
            #expect(diagnostics.isEmpty, "\(d.example)")
        }
    }
}
