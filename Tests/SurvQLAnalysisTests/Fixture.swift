import Foundation
import SurvQLAnalysis
import SurvQLSyntax

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// `../shared/data` beside the repository (the real cBioPortal studies).
let sharedData = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data").path

/// A source text with one cursor marker `$0` (rust-analyzer style): the file without the
/// marker and the marker's byte offset. Texts without a marker put the cursor at the end.
struct Fixture {
    let file: SourceFile
    let offset: Int

    init(_ marked: String, name: String = "test.survql") {
        if let r = marked.range(of: "$0") {
            offset = marked.utf8.distance(from: marked.startIndex, to: r.lowerBound)
            file = SourceFile(name: name, text: marked.replacingCharacters(in: r, with: ""))
        } else {
            offset = marked.utf8.count
            file = SourceFile(name: name, text: marked)
        }
    }

    /// The text of a range of the file.
    func text(_ r: SourceRange) -> String { file.text(in: r) }
}

/// One schema cache for the whole test run, so every study is read once.
let testSchemas = SchemaCache()

/// A host whose schemas are learned before it answers (tests wait; editors do not).
func host(for fixture: Fixture, context: AnalysisContext) -> AnalysisHost {
    let h = AnalysisHost(schemas: testSchemas)
    h.loadSchemas(fixture.file, context: context)
    return h
}

/// The context the tests run in: paths relative to `../shared/data`.
let dataContext = AnalysisContext(workingDirectory: sharedData)

/// Labels of the completions at the fixture's cursor, best first.
func completions(_ marked: String, context: AnalysisContext = dataContext) -> [CompletionItem] {
    let f = Fixture(marked)
    return host(for: f, context: context).complete(f.file, at: f.offset, context: context)
}

func labels(_ marked: String, context: AnalysisContext = dataContext) -> [String] {
    completions(marked, context: context).map(\.label)
}
