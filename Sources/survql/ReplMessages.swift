import Foundation
import SurvQLSyntax

/// Every message the REPL prints, in one catalog.
enum ReplMessages {
    static func greeting(_ version: String) -> String {
        "SurvQL \(version) — type .help for help, Ctrl-D to quit\n"
    }
    static let prompt = "survql> "
    static let continuationPrompt = "   ...> "
    static func showAll(_ n: Int) -> String { "Display all \(n) possibilities? (y or n) " }
    static let cancelling = "cancelling…"
    static let cancelled = "statement cancelled; the session is unchanged\n"
    /// `running load… 45% (59 of 131 MB, 118 MB/s, 0.7 s left) 0.5 s`, or only the elapsed time
    /// when the work reports no progress.
    static func progress(_ verb: String, _ seconds: Double, _ p: CancellationToken.Progress? = nil) -> String {
        var text = "running \(verb)… "
        if let p, p.total > 0, p.done > 0, seconds > 0 {
            let mb = { (bytes: Int) in String(format: bytes >= 10 << 20 ? "%.0f" : "%.1f", Double(bytes) / 1_048_576) }
            let rate = Double(p.done) / seconds
            let left = Double(max(0, p.total - p.done)) / max(rate, 1)
            text += String(format: "%d%% (", Int(100 * Double(p.done) / Double(p.total)))
                + "\(mb(p.done)) of \(mb(p.total)) MB, " + String(format: "%.0f MB/s, %.1f s left) ", rate / 1_048_576, left)
        }
        return text + String(format: "%.1f s", seconds)
    }
    static func timer(wall: Double, cpu: Double) -> String {
        String(format: "time: %.3f s wall, %.3f s CPU\n", wall, cpu)
    }
    static func unknownCommand(_ name: String, suggestion: String?) -> String {
        "error: unknown command '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "") + "\nhint: .help lists the commands\n"
    }
    static func usage(_ text: String) -> String { "usage: \(text)\n" }
    static func unknownCohort(_ name: String, suggestion: String?) -> String {
        "error: no cohort named '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "") + "\nhint: .cohorts lists the cohorts of this session\n"
    }
    static let noCohorts = "no cohorts yet; load one with: load demo ntrk as rwd\n"
    static let noResult = "no result yet\n"
    static let noStatement = "nothing to edit yet\n"
    static func noSchema(_ cohort: String) -> String { "nothing is known yet of the data of '\(cohort)'\n" }
    static func noMatch(_ what: String, _ pattern: String) -> String { "no \(what) matching '\(pattern)'\n" }
    static func cannotRead(_ path: String, _ why: String) -> String { "error: cannot read '\(path)': \(why)\n" }
    static func cannotWrite(_ path: String, _ why: String) -> String { "error: cannot write '\(path)': \(why)\n" }
    static func saved(_ n: Int, _ path: String) -> String { "saved \(n) statement\(n == 1 ? "" : "s") to \(path)\n" }
    static func outputTo(_ path: String) -> String { "results go to \(path)\n" }
    static let outputBack = "results go to the terminal\n"
    static func editorFailed(_ editor: String, _ status: Int32) -> String { "error: the editor '\(editor)' exited with status \(status); nothing was run\n" }
    static let notSaved = "not saved; nothing was run\n"
    static func switched(_ name: String, _ on: Bool) -> String { "\(name) \(on ? "on" : "off")\n" }
    static func mode(_ m: String) -> String { "results as \(m)\n" }
    static let saveHeader = "-- SurvQL statements saved from the REPL; run with: survql run FILE\n"

    /// The keys and the REPL's own options, for `.help`.
    static let keysHelp = """

        keys: TAB completes; Up and Down recall entries, Ctrl-R searches them;
          Alt-Enter or a trailing \\ starts a new line in the entry;
          Ctrl-C clears the line or cancels the running statement; Ctrl-D leaves.
        REPL options: set editing emacs|vi, set wide pager|vertical|wrap,
          set pager on|off, set terminal_plot on|off

        """

    /// One line per dot-command, for `.help`.
    static let commandHelp: [(String, String)] = [
        (".help [VERB]", "statements, one line each; a statement's documentation and an example"),
        (".cohorts", "the cohorts of this session: names, sizes and how each was defined"),
        (".columns COHORT [PATTERN]", "the columns of a cohort, with type and summary"),
        (".genes COHORT [PATTERN]", "the altered genes of a cohort, most altered first"),
        (".mode table|json|csv", "how results are printed"),
        (".timer on|off", "wall and CPU time after each statement"),
        (".read FILE", "run a query file in this session"),
        (".save FILE", "write the successful statements of this session as a query file"),
        (".output [FILE]", "send results to a file; without FILE, back to the terminal"),
        (".edit", "edit the current or last statement in $VISUAL/$EDITOR and run it on save"),
        (".last", "show the last result again"),
        (".quit", "leave (also Ctrl-D)"),
    ]
}
