/// Every message the language server writes to a client or its log, in one place.
enum ServerMessages {
    static let headerTooLong = "header too long without a blank line; skipped to the next Content-Length"
    static let noContentLength = "header has no Content-Length; skipped"
    static let badContentLength = "Content-Length is not a non-negative number; skipped"
    static func bodyTooLarge(_ n: Int, _ max: Int) -> String { "Content-Length \(n) is larger than the limit of \(max) bytes; skipped" }
    static func truncatedBody(_ n: Int) -> String { "a body shorter than its Content-Length \(n) was followed by the next message; dropped" }
    static func nestedTooDeeply(_ n: Int) -> String { "JSON nested deeper than \(n) levels" }
    static func parseError(_ detail: String) -> String { "parse error: \(detail)" }
    static let notObject = "a message must be a JSON object"
    static let badVersion = "a message must have \"jsonrpc\": \"2.0\""
    static let badMethod = "\"method\" must be a string"
    static let badID = "\"id\" must be a number or a string"
    static let notInitialized = "the server is not initialized: send 'initialize' first"
    static let alreadyInitialized = "'initialize' was already received"
    static let shutDown = "the server is shutting down: only 'exit' is accepted"
    static func unknownMethod(_ m: String) -> String { "unknown method '\(m)'" }
    static func missingParam(_ path: String) -> String { "missing or invalid parameter '\(path)'" }
    static func unknownDocument(_ uri: String) -> String { "document '\(uri)' is not open and cannot be read" }
    static let cancelled = "request cancelled"
    static let contentModified = "the document changed while the request was being answered"
    static func unknownCommand(_ c: String) -> String { "unknown command '\(c)'" }
    static func badNewName(_ n: String) -> String { "'\(n)' is not a valid cohort name" }
    static let nothingToRename = "there is no cohort name here to rename"
    static let noPlot = "no plot statement in the range run"
    static let runNeedsSource = "survql/run needs 'uri' or 'text'"
    static let runTitle = "Running SurvQL"
    static func runProgress(_ done: Int, _ verb: String) -> String { "statement \(done): \(verb)" }
    static func patients(_ n: Int, unit: String) -> String { "-- \(n) \(unit)\(n == 1 ? "" : "s")" }
    static let lensRun = "▶ Run"
    static let lensRunToHere = "Run to here"
    static func internalError(_ e: Any) -> String { "internal error: \(e)" }
}
