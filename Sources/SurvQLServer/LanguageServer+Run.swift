import Foundation
import SurvQLRendering
import SurvQLRuntime
import SurvQLSyntax

/// The query service: `survql/run`, `survql/plot` and the run commands of code lenses.
extension LanguageServer {
    /// The session a run request runs in: a `session` id, else the document, else a fresh one.
    func sessionKey(_ method: String, _ params: JSONValue) throws -> String {
        if method == "workspace/executeCommand" {
            let command = params["command"]?.stringValue ?? ""
            guard Commands.all.contains(command) else { throw RPCError.invalidParams(ServerMessages.unknownCommand(command)) }
            guard let uri = params["arguments"]?.arrayValue?.first?.stringValue else { throw RPCError.invalidParams(ServerMessages.missingParam("arguments[0]")) }
            return "uri:" + uri
        }
        guard case .object = params else { throw RPCError.invalidParams(ServerMessages.runNeedsSource) }
        if let id = params["session"], !id.isNull {
            guard let s = id.stringValue ?? id.intValue.map(String.init) else { throw RPCError.invalidParams(ServerMessages.missingParam("session")) }
            return "session:" + s
        }
        if let uri = params["uri"]?.stringValue { return "uri:" + uri }
        if params["text"]?.stringValue != nil { return "once:" + UUID().uuidString }
        throw RPCError.invalidParams(ServerMessages.runNeedsSource)
    }

    /// `survql/run {uri | text, range?, format?, session?, keepGoing?}`: runs the statements and
    /// answers `{results, diagnostics, errors, text?}`, where `results` are the objects that
    /// `survql run --format json` prints (one per line), in order.
    func runRequest(_ r: Request) throws -> JSONValue {
        try execute(r, params: r.params).answer
    }

    /// `survql/plot`: runs like `survql/run` and answers with the SVG of each `plot` statement.
    func plotRequest(_ r: Request) throws -> JSONValue {
        let (answer, svgs) = try execute(r, params: r.params)
        guard !svgs.isEmpty else { throw RPCError.requestFailed(ServerMessages.noPlot) }
        return answer.with("svg", .string(svgs[svgs.count - 1])).with("svgs", .array(svgs.map { .string($0) }))
    }

    /// `workspace/executeCommand`: `survql.run [uri, range?]` and `survql.runToCursor [uri, position]`.
    func executeCommand(_ r: Request) throws -> JSONValue {
        let command = try r.require("command") { $0.stringValue }
        let args = r.params["arguments"]?.arrayValue ?? []
        guard let uri = args.first?.stringValue else { throw RPCError.invalidParams(ServerMessages.missingParam("arguments[0]")) }
        var params: JSONValue = .object([("uri", .string(uri)), ("format", .string("text"))])
        if command == Commands.run, args.count > 1 {
            params = params.with("range", args[1])
        } else if command == Commands.runToCursor {
            guard args.count > 1, let p = LSPConvert.position(args[1]) else { throw RPCError.invalidParams(ServerMessages.missingParam("arguments[1]")) }
            let zero: JSONValue = .object([("line", .int(0)), ("character", .int(0))])
            params = params.with("range", .object([("start", zero), ("end", .object([("line", .int(p.line)), ("character", .int(p.character))]))]))
        }
        return try execute(r, params: params).answer
    }

    private func execute(_ r: Request, params: JSONValue) throws -> (answer: JSONValue, svgs: [String]) {
        guard let key = r.sessionKey else { throw RPCError.internalError("no session") }
        let entry = sessions.entry(key, workingDirectory: workingDirectory)
        defer { if key.hasPrefix("once:") { sessions.drop(key) } }
        let enc = encoding
        var uri: String? = nil
        var file: SourceFile
        if let u = params["uri"]?.stringValue {
            uri = u
            file = try documents.snapshot(u).file
        } else if let text = params["text"]?.stringValue {
            file = SourceFile(name: params["name"]?.stringValue ?? "<survql/run>", text: text)
        } else {
            throw RPCError.invalidParams(ServerMessages.runNeedsSource)
        }
        let whole = file
        if let rangeValue = params["range"], !rangeValue.isNull {
            guard let range = LSPConvert.sourceRange(rangeValue, in: file, enc) else { throw RPCError.invalidParams(ServerMessages.missingParam("range")) }
            file = StatementFilter.file(file, keeping: StatementFilter.overlapping(range))
        }
        let asText = params["format"]?.stringValue == "text"
        let keepGoing = params["keepGoing"]?.boolValue ?? false
        let progress = ProgressReporter(server: self, token: params["workDoneToken"] ?? r.params["workDoneToken"])
        progress.begin(ServerMessages.runTitle)
        defer { progress.end() }
        _ = entry.takeSVGs()
        var results: [JSONValue] = []
        var diagnostics: [JSONValue] = []
        var text = ""
        let summary = entry.session.run(file, keepGoing: keepGoing, cancellation: r.token) { event in
            switch event {
            case let .result(res):
                results.append(ResultJSON.object(res))
                if asText {
                    if !text.isEmpty { text += "\n" }
                    text += ResultText.render(res)
                }
                progress.report(ServerMessages.runProgress(res.statement, res.kind))
            case let .diagnostic(d, statement):
                if d.severity == .error { results.append(ResultJSON.error(d, statement: statement)) }
                diagnostics.append(LSPConvert.diagnostic(d, uri: uri ?? "", in: whole, enc))
            }
        }
        if r.token.isCancelled { throw RPCError.requestCancelled }
        var answer: [(String, JSONValue)] = [
            ("results", .array(results)),
            ("diagnostics", .array(diagnostics)),
            ("errors", .int(summary.errors)),
            ("warnings", .int(summary.warnings)),
            ("stoppedEarly", .bool(summary.stoppedEarly)),
        ]
        if asText { answer.append(("text", .string(text))) }
        return (.object(answer), entry.takeSVGs())
    }
}
