import Foundation
import SurvQLAnalysis
import SurvQLRendering

extension LanguageServer {
    /// `initialize`: negotiates the position encoding (UTF-8 when the client offers it, else
    /// UTF-16) and states what the server really does.
    func initialize(_ r: Request) throws -> JSONValue {
        guard state == .uninitialized else { throw RPCError.invalidRequest(ServerMessages.alreadyInitialized) }
        guard case .object = r.params else { throw RPCError.invalidParams(ServerMessages.missingParam("params")) }
        let offered = r.params.at("capabilities.general.positionEncodings")?.arrayValue?.compactMap(\.stringValue) ?? []
        let encoding: PositionEncoding = offered.contains("utf-8") ? .utf8 : .utf16
        let progress = r.params.at("capabilities.window.workDoneProgress")?.boolValue ?? false
        var root: String? = nil
        if let uri = r.params["rootUri"]?.stringValue { root = DocumentSnapshot.path(of: uri) }
        if root == nil, let path = r.params["rootPath"]?.stringValue { root = path }
        if let r0 = root, !FileManager.default.fileExists(atPath: r0) { root = nil }
        let delay = r.params.at("initializationOptions.diagnosticsDelay").flatMap { v -> Double? in
            if case let .number(d) = v { return d }
            return v.intValue.map(Double.init)
        }
        markInitialized(encoding: encoding, capabilities: r.params["capabilities"] ?? .null, root: root, diagnosticsDelay: delay)
        log.log(.info, "initialized: \(encoding.rawValue), workDoneProgress \(progress), root \(root ?? "-")")
        return .object([
            ("capabilities", capabilities(encoding)),
            ("serverInfo", .object([("name", .string("survql")), ("version", .string(LanguageServer.version))])),
        ])
    }

    static let version = "0.1.0"

    /// `shutdown`: refuses new requests, lets those under way finish (up to ten seconds), then
    /// cancels what is left, so every request has its answer before `exit`.
    func shutdown(_ r: Request) -> JSONValue {
        markShutDown()
        let me = r.id.serialized()
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline && tracker.pendingIDs.contains(where: { $0 != me }) {
            Thread.sleep(forTimeInterval: 0.01)
        }
        for id in tracker.pendingIDs where id != me {
            if let v = try? JSONValue.decodeMessage(Array(id.utf8)) { cancel(.object([("id", v)])) }
        }
        return .null
    }

    /// The capabilities the server implements, each backed by a handler in `routes`.
    func capabilities(_ encoding: PositionEncoding) -> JSONValue {
        .object([
            ("positionEncoding", .string(encoding.rawValue)),
            ("textDocumentSync", .object([
                ("openClose", .bool(true)),
                ("change", .int(2)),  // incremental
                ("save", .object([("includeText", .bool(false))])),
            ])),
            ("diagnosticProvider", .object([
                ("identifier", .string("survql")),
                ("interFileDependencies", .bool(false)),
                ("workspaceDiagnostics", .bool(false)),
            ])),
            ("codeActionProvider", .object([("codeActionKinds", .array([.string("quickfix")]))])),
            ("completionProvider", .object([
                ("triggerCharacters", .array([" ", "\"", ":", "|", "/", ","].map { .string($0) })),
                ("resolveProvider", .bool(true)),
            ])),
            ("hoverProvider", .bool(true)),
            ("definitionProvider", .bool(true)),
            ("referencesProvider", .bool(true)),
            ("renameProvider", .object([("prepareProvider", .bool(true))])),
            ("documentSymbolProvider", .bool(true)),
            ("semanticTokensProvider", .object([
                ("legend", .object([
                    ("tokenTypes", .array(SemanticTokenLegend.types.map { .string($0) })),
                    ("tokenModifiers", .array(SemanticTokenLegend.modifiers.map { .string($0) })),
                ])),
                ("full", .bool(true)),
                ("range", .bool(true)),
            ])),
            ("documentFormattingProvider", .bool(true)),
            ("documentRangeFormattingProvider", .bool(true)),
            ("foldingRangeProvider", .bool(true)),
            ("signatureHelpProvider", .object([("triggerCharacters", .array([.string(" ")]))])),
            ("inlayHintProvider", .bool(true)),
            ("codeLensProvider", .object([("resolveProvider", .bool(false))])),
            ("executeCommandProvider", .object([("commands", .array(Commands.all.map { .string($0) }))])),
        ])
    }
}

/// The commands of `workspace/executeCommand` (code lenses invoke them).
enum Commands {
    static let run = "survql.run"
    static let runToCursor = "survql.runToCursor"
    static let all = [run, runToCursor]
}

/// The semantic-token legend: LSP's standard type names for the analysis layer's kinds.
enum SemanticTokenLegend {
    static let kinds: [SemanticToken.Kind] = SemanticToken.Kind.allCases
    static let types: [String] = kinds.map { k in
        switch k {
        case .keyword: return "keyword"
        case .verb: return "verb"  // custom; editors/vscode declares it a kind of keyword
        case .cohort: return "variable"
        case .column: return "property"
        case .gene: return "type"
        case .string: return "string"
        case .number: return "number"
        case .operator: return "operator"
        case .comment: return "comment"
        case .function: return "function"
        }
    }
    static let modifiers = ["declaration", "defaultLibrary"]

    static func typeIndex(_ k: SemanticToken.Kind) -> Int { kinds.firstIndex(of: k) ?? 0 }
}
