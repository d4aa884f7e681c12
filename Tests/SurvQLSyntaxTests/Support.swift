import Foundation
import SurvQLSyntax
import SurvQLSemantics

/// The package root, found from this file's path (Tests/SurvQLSyntaxTests/Support.swift).
let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Parses and checks a source text; returns the tree and all diagnostics in source order.
func analyze(_ text: String, name: String = "test.survql") -> (Script, [Diagnostic]) {
    let file = SourceFile(name: name, text: text)
    let (script, parse) = Parser.parse(file)
    let all = (parse + Checker.check(script)).sorted { ($0.sourceRange?.start ?? 0) < ($1.sourceRange?.start ?? 0) }
    return (script, all)
}

/// `line:col: message` for each diagnostic, for compact assertions.
func summaries(_ ds: [Diagnostic]) -> [String] {
    ds.map { d in
        let (_, l, c) = d.location.fileLineColumn ?? ("", 0, 0)
        return "\(l):\(c): \(d.message)"
    }
}
