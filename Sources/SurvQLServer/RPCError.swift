/// A JSON-RPC error answer: code, message and optional data.
struct RPCError: Error, Sendable {
    var code: Int
    var message: String

    static let parseErrorCode = -32700
    static func parseError(_ m: String) -> RPCError { RPCError(code: -32700, message: ServerMessages.parseError(m)) }
    static func invalidRequest(_ m: String) -> RPCError { RPCError(code: -32600, message: m) }
    static func methodNotFound(_ m: String) -> RPCError { RPCError(code: -32601, message: ServerMessages.unknownMethod(m)) }
    static func invalidParams(_ m: String) -> RPCError { RPCError(code: -32602, message: m) }
    static func internalError(_ m: String) -> RPCError { RPCError(code: -32603, message: m) }
    static let serverNotInitialized = RPCError(code: -32002, message: ServerMessages.notInitialized)
    static let requestCancelled = RPCError(code: -32800, message: ServerMessages.cancelled)
    static let contentModified = RPCError(code: -32801, message: ServerMessages.contentModified)
    static func requestFailed(_ m: String) -> RPCError { RPCError(code: -32803, message: m) }
}
