import Foundation
import SurvQLAnalysis
import SurvQLSyntax
import Testing

/// The shipped examples run cleanly, so the data-aware checks must find nothing in them (no false
/// unknown column or gene); the examples that show errors on purpose are left out.
@Suite struct ExampleDiagnosticTests {
    @Test(arguments: ["grammar_tour", "lung", "ntrk_real_world"])
    func examplesHaveNoDataDiagnostics(_ name: String) throws {
        let path = packageRoot.appendingPathComponent("examples/\(name).survql").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let file = SourceFile(name: path, text: text)
        let context = AnalysisContext(workingDirectory: packageRoot.path)
        let h = AnalysisHost(schemas: testSchemas)
        h.loadSchemas(file, context: context)
        let found = h.diagnostics(file, context: context).filter { $0.severity == .error || $0.id.hasPrefix("check.unknown") }
        #expect(found.map(\.description).isEmpty)
    }
}
