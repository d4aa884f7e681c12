import ArgumentParser
import Foundation
import SurvQLServer

extension SurvQLCommand {
    /// `survql lsp`: the language server and query service, JSON-RPC over standard input and
    /// output. Only protocol goes to standard output; the log goes to `--log FILE` or stderr.
    struct LSP: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lsp",
            abstract: "Start the language server (JSON-RPC 2.0 with LSP framing on standard input and output).",
            discussion: "Serves editors (diagnostics, completion, hover, ...) and programs (survql/run). Exits 0 after 'shutdown' then 'exit', 1 when input ends or 'exit' comes without 'shutdown'."
        )

        @Option(help: ArgumentHelp("Write the log to this file instead of standard error.", valueName: "FILE"))
        var log: String?

        @Option(help: "How much to log: error, warning, info, debug or trace.")
        var logLevel: String = "warning"

        func run() throws {
            guard let level = ServerLog.Level(name: logLevel) else {
                throw ExitWith(code: .usage, message: "survql: --log-level takes error, warning, info, debug or trace, got '\(logLevel)'")
            }
            var sink = FileHandle.standardError
            if let log {
                guard FileManager.default.createFile(atPath: log, contents: nil), let h = FileHandle(forWritingAtPath: log) else {
                    throw ExitWith(code: .usage, message: "survql: cannot write the log file '\(log)'")
                }
                sink = h
            }
            // A client that goes away must not kill the server with SIGPIPE mid-write.
            signal(SIGPIPE, SIG_IGN)
            let out = FileHandle.standardOutput
            let server = LanguageServer(log: ServerLog(sink: sink, level: level)) { bytes in
                try? out.write(contentsOf: Data(bytes))
            }
            let input = FileHandle.standardInput
            let code = server.serve {
                let data = input.availableData
                return data.isEmpty ? nil : Array(data)
            }
            Foundation.exit(code)
        }
    }
}
