/// A named piece of source text: a query file, a REPL entry (`<repl:N>`), an editor buffer,
/// or a data file that a diagnostic points into.
///
/// Positions are UTF-8 byte offsets into `bytes`. Line and column are computed only when
/// something is printed, from a table of line starts built once.
public final class SourceFile: Sendable, CustomStringConvertible {
    /// The name shown in diagnostics: a path as the user gave it, `<repl:3>`, `<command line>`.
    public let name: String
    /// The raw bytes. They may be invalid UTF-8; the lexer copes.
    public let bytes: [UInt8]
    /// Byte offset of the first byte of each line; `lineStarts[0] == 0`.
    public let lineStarts: [Int]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") {
            starts.append(i + 1)
        }
        self.lineStarts = starts
    }

    public convenience init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    public var description: String { name }

    /// The whole text, with invalid UTF-8 replaced by U+FFFD.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// One-based line and one-based column (in bytes) of a byte offset.
    /// Offsets past the end are clamped to the end.
    public func location(of offset: Int) -> LineColumn {
        let off = max(0, min(offset, bytes.count))
        // Binary search for the last line start <= off.
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= off { lo = mid } else { hi = mid - 1 }
        }
        return LineColumn(line: lo + 1, column: off - lineStarts[lo] + 1, offset: off)
    }

    /// The text of a one-based line without its line terminator.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, end - 1 < bytes.count, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The source text covered by a range.
    public func text(in range: SourceRange) -> String {
        let lo = max(0, min(range.start, bytes.count))
        let hi = max(lo, min(range.end, bytes.count))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }

    /// Byte offset of a one-based line and one-based byte column (clamped to the file).
    public func offset(line: Int, column: Int) -> Int {
        guard line >= 1 else { return 0 }
        guard line <= lineStarts.count else { return bytes.count }
        return min(bytes.count, lineStarts[line - 1] + max(0, column - 1))
    }
}

/// A printed position: one-based line and one-based byte column.
public struct LineColumn: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int
    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }
    public var description: String { "\(line):\(column)" }
}
