import Foundation
import SurvQLRendering

/// `$/progress` for a long run: used with the client's `workDoneToken`, or else created with
/// `window/workDoneProgress/create` when the client advertises `window.workDoneProgress` and
/// the creation succeeded; silent otherwise.
final class ProgressReporter: @unchecked Sendable {
    private let connection: Connection
    private var token: JSONValue?

    init(server: LanguageServer, token: JSONValue?) {
        connection = server.connection
        if let t = token, !t.isNull {
            self.token = t
        } else if server.workDoneProgress {
            let created: JSONValue = .string("survql-run-\(UUID().uuidString)")
            let done = DispatchSemaphore(value: 0)
            let ok = OKFlag()
            connection.request("window/workDoneProgress/create", .object([("token", created)])) { _, error in
                if error == nil { ok.set() }
                done.signal()
            }
            if done.wait(timeout: .now() + 5) == .success, ok.value { self.token = created }
        }
    }

    func begin(_ title: String) {
        send(.object([("kind", .string("begin")), ("title", .string(title)), ("cancellable", .bool(false))]))
    }

    func report(_ message: String) { send(.object([("kind", .string("report")), ("message", .string(message))])) }

    func end() { send(.object([("kind", .string("end"))])) }

    private func send(_ value: JSONValue) {
        guard let token else { return }
        connection.notify("$/progress", .object([("token", token), ("value", value)]))
    }
}

/// A flag set once from another thread.
final class OKFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var on = false
    func set() { lock.withLock { on = true } }
    var value: Bool { lock.withLock { on } }
}
