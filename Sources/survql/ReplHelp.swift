import Foundation
import SurvQLSemantics
import SurvQLSyntax

/// The text of `.help` and `.help VERB`, from the language's one documentation catalog (the
/// same text as hover and the README's statement table).
enum ReplHelp {
    /// Words that have help: every keyword.
    static var topics: [String] { Keyword.allCases.map(\.rawValue) }

    /// All statements, one line each, fitted to `width`: the statement's leading words and the
    /// first sentence of what it does (the full syntax is in `.help VERB`).
    static func index(width: Int) -> String {
        let rows: [(String, String)] = Documentation.statements.map { d in
            let words = d.plainSyntax.split(separator: " ").prefix { w in
                !w.contains(where: { $0.isUppercase || $0 == "\"" || $0 == "[" })
            }
            let summary = d.plainSummary
            let end = summary.range(of: ". ")?.lowerBound ?? summary.endIndex
            return (words.joined(separator: " "), String(summary[..<end]).trimmingCharacters(in: CharacterSet(charactersIn: ".")))
        }
        let nameWidth = rows.map(\.0.count).max() ?? 0
        var out = "statements:\n"
        for (name, what) in rows {
            var line = "  " + name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  " + what
            if line.count > width - 1 { line = String(line.prefix(max(nameWidth + 8, width - 2))) + "…" }
            out += line + "\n"
        }
        return out + "\n.help VERB shows a statement's syntax, what it does and an example.\n"
    }

    /// A statement's or keyword's documentation, or nil when there is none.
    static func help(for topic: String) -> String? {
        Documentation.help(for: topic)
    }
}
