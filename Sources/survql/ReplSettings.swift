import SurvQLRendering

/// The REPL's own settings: dot-command switches (`.mode`, `.timer`) and the REPL-only `set`
/// options (`editing`, `wide`, `pager`, `terminal_plot`), which the checker accepts in any
/// front end and only the REPL acts on.
struct ReplSettings {
    /// How a table wider than the terminal is shown.
    enum Wide: String {
        /// Through the pager, which scrolls sideways (`less -S`).
        case pager
        /// One field per line, as psql's `\x auto`.
        case vertical
        /// As is: the terminal wraps the lines.
        case wrap
    }

    var format: OutputFormat = .table
    var timer = false
    var wide: Wide = .pager
    var pager = true
    var terminalPlot = true
    var viEditing = false

    /// Applies a `set NAME VALUE` that the session reported, when it is one of the REPL's.
    /// Returns true when the option belonged to the REPL.
    mutating func apply(option: String, value: String) -> Bool {
        let v = value.lowercased()
        switch option {
        case "editing": viEditing = v == "vi"
        case "wide": wide = Wide(rawValue: v) ?? wide
        case "pager": pager = v != "off"
        case "terminal_plot": terminalPlot = v != "off"
        default: return false
        }
        return true
    }
}
