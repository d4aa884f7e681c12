import SurvQLSemantics
import SurvQLSyntax

/// The text of `.help` and `.help VERB`, from the language's one documentation catalog (the
/// same text as hover and the README's statement table).
enum ReplHelp {
    /// Words that have help: every keyword.
    static var topics: [String] { Keyword.allCases.map(\.rawValue) }

    /// All statements, one line each.
    static func index() -> String {
        "statements:\n" + Documentation.helpIndex().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
            + "\n\n.help VERB shows a statement's documentation and an example.\n"
    }

    /// A statement's or keyword's documentation, or nil when there is none.
    static func help(for topic: String) -> String? {
        Documentation.help(for: topic)
    }
}
