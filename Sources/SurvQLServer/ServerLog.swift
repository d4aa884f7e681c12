import Foundation

/// The server's log: to a file (`--log FILE`) or to standard error, never to standard output,
/// which carries only protocol.
public final class ServerLog: @unchecked Sendable {
    /// How much is written, least first.
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case error, warning, info, debug, trace
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        public init?(name: String) {
            switch name.lowercased() {
            case "error": self = .error
            case "warn", "warning": self = .warning
            case "info": self = .info
            case "debug": self = .debug
            case "trace": self = .trace
            default: return nil
            }
        }
        var name: String { ["error", "warning", "info", "debug", "trace"][rawValue] }
    }

    private let lock = NSLock()
    private let sink: FileHandle
    public let level: Level

    /// A log writing to `sink` the messages at `level` or more severe.
    public init(sink: FileHandle, level: Level) {
        self.sink = sink
        self.level = level
    }

    public func log(_ l: Level, _ message: @autoclosure () -> String) {
        guard l <= level else { return }
        let line = "[survql lsp \(l.name)] \(message())\n"
        lock.withLock { sink.write(Data(line.utf8)) }
    }
}
