import Foundation
import SurvQLRendering

/// The write side of JSON-RPC over stdio: frames and writes messages (header and body in one
/// write, under a lock so concurrent handlers never interleave), and matches the client's answers
/// to the requests the server sent (`window/workDoneProgress/create`).
final class Connection: @unchecked Sendable {
    private let lock = NSLock()
    private let write: @Sendable ([UInt8]) -> Void
    private let log: ServerLog
    private var nextID = 1
    private var waiting: [Int: @Sendable (JSONValue?, JSONValue?) -> Void] = [:]

    init(log: ServerLog, write: @escaping @Sendable ([UInt8]) -> Void) {
        self.log = log
        self.write = write
    }

    func send(_ message: JSONValue) {
        let body = message.wireBytes()
        var frame = Array("Content-Length: \(body.count)\r\n\r\n".utf8)
        frame += body
        log.log(.trace, "--> \(String(decoding: body.prefix(500), as: UTF8.self))")
        lock.withLock { write(frame) }
    }

    func respond(_ id: JSONValue, result: JSONValue) {
        send(.object([("jsonrpc", .string("2.0")), ("id", id), ("result", result)]))
    }

    func respond(_ id: JSONValue, error: RPCError) {
        send(.object([("jsonrpc", .string("2.0")), ("id", id),
                      ("error", .object([("code", .int(error.code)), ("message", .string(error.message))]))]))
    }

    func notify(_ method: String, _ params: JSONValue) {
        send(.object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)]))
    }

    /// Sends a request to the client; `reply` gets its result or its error.
    func request(_ method: String, _ params: JSONValue, reply: @escaping @Sendable (_ result: JSONValue?, _ error: JSONValue?) -> Void) {
        let id: Int = lock.withLock {
            defer { nextID += 1 }
            waiting[nextID] = reply
            return nextID
        }
        send(.object([("jsonrpc", .string("2.0")), ("id", .int(id)), ("method", .string(method)), ("params", params)]))
    }

    /// Delivers a response from the client; false when no request of ours has that id.
    func deliver(_ message: JSONValue) -> Bool {
        guard let id = message["id"]?.intValue else { return false }
        let reply = lock.withLock { waiting.removeValue(forKey: id) }
        guard let reply else { return false }
        reply(message["result"], message["error"])
        return true
    }
}
