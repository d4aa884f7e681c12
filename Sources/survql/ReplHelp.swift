import SurvQLSemantics
import SurvQLSyntax

/// The text of `.help` and `.help VERB`, from the language's documentation catalog.
enum ReplHelp {
    static let verbs: [Keyword] = [.load, .let, .match, .survive, .compare, .prevalence, .associate, .describe, .plot, .export, .set]

    static var topics: [String] { Keyword.allCases.map(\.rawValue) }

    /// All statements, one line each.
    static func index() -> String {
        var out = "statements:\n"
        for v in verbs {
            let summary = LanguageFacts.keywordSummary(v)
            let what = summary.components(separatedBy: " — ").last ?? summary
            out += "  " + v.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0) + what + "\n"
        }
        out += "\n.help VERB shows a statement's documentation and an example.\n"
        return out
    }

    /// A statement's or keyword's documentation, or nil when there is none.
    static func help(for topic: String) -> String? {
        guard let k = Keyword(rawValue: topic.lowercased()) else { return nil }
        return LanguageFacts.keywordSummary(k)
    }
}

import Foundation
