import Foundation
import SurvQLAnalysis
import SurvQLRendering
import SurvQLRuntime
import SurvQLSyntax

/// The SurvQL language server and query service: JSON-RPC 2.0 with LSP framing, for editors
/// (diagnostics, completion, hover, ...) and for programs (`survql/run`).
///
/// It adds protocol and threading to the analysis layer and to `Session`, and nothing else.
/// Threads: the caller's thread reads and frames input and applies text-sync notifications in
/// order; analysis requests run on a concurrent queue against the latest snapshot; runs go to
/// one serial queue per session, so a completion is answered while a long query runs. Every
/// request is answered exactly once (`RequestTracker`).
public final class LanguageServer: @unchecked Sendable {
    /// Where the server is in the LSP lifecycle.
    enum State { case uninitialized, running, shutDown }

    let log: ServerLog
    let connection: Connection
    let documents = DocumentStore()
    let tracker = RequestTracker()
    let host = AnalysisHost()
    let sessions: RunSessions
    let analysisQueue = DispatchQueue(label: "survql.lsp.analysis", qos: .userInitiated, attributes: .concurrent)
    private var framer = MessageFramer()

    // Guarded by `lock`: negotiated at initialize, read by every handler.
    let lock = NSLock()
    private var _state = State.uninitialized
    private var _encoding = PositionEncoding.utf16
    private var _workDoneProgress = false
    private var _clientCapabilities = JSONValue.null
    private var _exitCode: Int32? = nil
    private var _workingDirectory = FileManager.default.currentDirectoryPath
    /// Pushed-diagnostics debounce in seconds (`initializationOptions.diagnosticsDelay`).
    private var _diagnosticsDelay = 0.15

    var state: State { lock.withLock { _state } }
    var encoding: PositionEncoding { lock.withLock { _encoding } }
    var workDoneProgress: Bool { lock.withLock { _workDoneProgress } }
    /// Whether the client renders markdown at a capability path (`textDocument.hover.contentFormat`).
    func rendersMarkdown(_ path: String) -> Bool {
        lock.withLock { _clientCapabilities.at(path)?.arrayValue?.contains(.string("markdown")) ?? false }
    }
    var inlayRefreshSupported: Bool { lock.withLock { _clientCapabilities.at("workspace.inlayHint.refreshSupport")?.boolValue ?? false } }
    var workingDirectory: String { lock.withLock { _workingDirectory } }
    var diagnosticsDelay: Double { lock.withLock { _diagnosticsDelay } }
    let diagnosticsState = DiagnosticsState()
    let inlayState = InlayState()
    let completionCache = CompletionCache()

    /// A server that writes framed messages with `write` and logs to `log`.
    public init(log: ServerLog, write: @escaping @Sendable ([UInt8]) -> Void) {
        self.log = log
        self.connection = Connection(log: log, write: write)
        self.sessions = RunSessions()
    }

    /// Reads and serves until `exit` or the end of input; returns the process exit code: 0 when
    /// `exit` (or the end of input) came after `shutdown`, 1 otherwise.
    public func serve(read: () -> [UInt8]?) -> Int32 {
        log.log(.info, "started, pid \(ProcessInfo.processInfo.processIdentifier)")
        while true {
            if let code = lock.withLock({ _exitCode }) { return code }
            guard let chunk = read(), !chunk.isEmpty else { break }
            receive(chunk)
        }
        if let code = lock.withLock({ _exitCode }) { return code }
        log.log(.info, "end of input")
        return state == .shutDown ? 0 : 1
    }

    /// Frames and handles bytes read from the client.
    func receive(_ bytes: [UInt8]) {
        framer.append(bytes)
        while lock.withLock({ _exitCode }) == nil, let frame = framer.next() {
            switch frame {
            case let .badHeader(reason):
                log.log(.warning, reason)
                connection.respond(.null, error: .parseError(reason))
            case let .message(body):
                handle(body)
            }
        }
    }

    // MARK: Messages

    private func handle(_ body: [UInt8]) {
        let message: JSONValue
        do {
            message = try JSONValue.decodeMessage(body)
        } catch {
            // A header that promised more than it sent swallows the start of the next message:
            // put that message back so only the broken one is lost.
            if let p = MessageFramer.findCaseInsensitive(MessageFramer.lengthName, in: body[...], from: 1) {
                framer.pushBack(body[p...])
            }
            log.log(.warning, "unreadable message: \(error)")
            connection.respond(.null, error: .parseError(String(describing: error).prefix(200).description))
            return
        }
        log.log(.trace, "<-- \(String(decoding: body.prefix(500), as: UTF8.self))")
        guard case .object = message else {
            connection.respond(.null, error: .invalidRequest(ServerMessages.notObject))
            return
        }
        let id = message["id"]
        if let id, !Self.isValidID(id) {
            connection.respond(.null, error: .invalidRequest(ServerMessages.badID))
            return
        }
        guard let methodValue = message["method"] else {
            if connection.deliver(message) { return }
            if let id { connection.respond(id, error: .invalidRequest(ServerMessages.badMethod)) }
            return
        }
        guard let method = methodValue.stringValue else {
            if let id { connection.respond(id, error: .invalidRequest(ServerMessages.badMethod)) }
            return
        }
        guard message["jsonrpc"]?.stringValue == "2.0" else {
            if let id { connection.respond(id, error: .invalidRequest(ServerMessages.badVersion)) }
            return
        }
        let params = message["params"] ?? .null
        if let id { handleRequest(id, method, params) } else { handleNotification(method, params) }
    }

    static func isValidID(_ id: JSONValue) -> Bool {
        switch id {
        case .int, .string: return true
        case let .number(d): return d == d.rounded()
        default: return false
        }
    }

    private func handleRequest(_ id: JSONValue, _ method: String, _ params: JSONValue) {
        switch state {
        case .uninitialized where method != "initialize":
            connection.respond(id, error: .serverNotInitialized)
            return
        case .shutDown:
            connection.respond(id, error: .invalidRequest(ServerMessages.shutDown))
            return
        default: break
        }
        guard let route = Self.routes[method] else {
            connection.respond(id, error: .methodNotFound(method))
            return
        }
        var sessionKey: String? = nil
        if route.lane == .session {
            do {
                sessionKey = try self.sessionKey(method, params)
            } catch let e as RPCError {
                connection.respond(id, error: e)
                return
            } catch { return }
        }
        let token = tracker.begin(id)
        let request = Request(id: id, method: method, params: params, token: token, sessionKey: sessionKey)
        let work: @Sendable () -> Void = { [self] in
            guard !token.isCancelled else { return }
            let answer: Result<JSONValue, RPCError>
            let started = DispatchTime.now().uptimeNanoseconds
            defer { log.log(.debug, "\(method) answered in \(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6) ms") }
            do {
                answer = .success(try route.handler(self, request))
            } catch let e as RPCError {
                answer = .failure(e)
            } catch {
                answer = .failure(.internalError(ServerMessages.internalError(error)))
            }
            guard tracker.finish(id) else { return }
            switch answer {
            case let .success(v): connection.respond(id, result: v)
            case let .failure(e): connection.respond(id, error: e)
            }
        }
        switch route.lane {
        case .inline:
            work()
        case .analysis:
            analysisQueue.async(execute: work)
        case .session:
            sessions.entry(sessionKey ?? "", workingDirectory: workingDirectory).queue.async(execute: work)
        }
    }

    private func handleNotification(_ method: String, _ params: JSONValue) {
        if method == "exit" {
            lock.withLock { _exitCode = _state == .shutDown ? 0 : 1 }
            log.log(.info, "exit")
            return
        }
        guard state == .running else { return }
        do {
            switch method {
            case "initialized": break
            case "textDocument/didOpen": try didOpen(params)
            case "textDocument/didChange": try didChange(params)
            case "textDocument/didClose": try didClose(params)
            case "textDocument/didSave": try didSave(params)
            case "$/cancelRequest", "survql/cancel": cancel(params)
            default: log.log(.debug, "ignored notification \(method)")
            }
        } catch {
            log.log(.warning, "\(method): \(error)")
        }
    }

    /// `$/cancelRequest` and `survql/cancel` (as a notification): the request is answered with
    /// -32800 now and its work stops at its next check.
    func cancel(_ params: JSONValue) {
        guard let id = params["id"], Self.isValidID(id) else { return }
        if tracker.cancel(id) {
            log.log(.debug, "cancelled \(id.serialized())")
            connection.respond(id, error: .requestCancelled)
        }
    }

    // MARK: Lifecycle state

    func markInitialized(encoding: PositionEncoding, capabilities: JSONValue, root: String?, diagnosticsDelay: Double?) {
        let workDoneProgress = capabilities.at("window.workDoneProgress")?.boolValue ?? false
        lock.withLock {
            _clientCapabilities = capabilities
            _state = .running
            _encoding = encoding
            _workDoneProgress = workDoneProgress
            if let root { _workingDirectory = root }
            if let diagnosticsDelay { _diagnosticsDelay = max(0, diagnosticsDelay) }
        }
    }

    func markShutDown() { lock.withLock { _state = .shutDown } }
}

/// One request as a handler sees it.
struct Request: Sendable {
    var id: JSONValue
    var method: String
    var params: JSONValue
    /// Set when the client cancels the request; long work polls it.
    var token: CancellationToken
    /// The session a run or plot request runs in (`RunSessions` key).
    var sessionKey: String?

    /// A required parameter, or -32602.
    func require<T>(_ path: String, _ read: (JSONValue) -> T?) throws -> T {
        guard let v = params.at(path), let t = read(v) else { throw RPCError.invalidParams(ServerMessages.missingParam(path)) }
        return t
    }

    var uri: String { get throws { try require("textDocument.uri") { $0.stringValue } } }
}
