import SurvQLSyntax

/// How a client counts columns: LSP's default UTF-16 code units, or UTF-8 bytes when the client
/// offers `utf-8` in `general.positionEncodings` (then columns are our own byte offsets).
public enum PositionEncoding: String, Sendable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"

    /// A zero-based line and column in this encoding.
    struct Position: Hashable {
        var line: Int
        var character: Int
    }

    /// The one conversion between the analysis layer's UTF-8 byte offsets and the client's
    /// positions, in both directions. Offsets and positions past the end clamp to the end; a
    /// column past the end of its line clamps to the line's end (before `\r\n` or `\n`); an
    /// offset inside a UTF-8 sequence counts as the start of that sequence; invalid UTF-8 bytes
    /// count as one unit each (as U+FFFD, which is one UTF-16 unit).
    func convert(_ direction: Conversion, in file: SourceFile) -> Conversion {
        let bytes = file.bytes
        switch direction {
        case let .offset(raw):
            let offset = max(0, min(raw, bytes.count))
            let loc = file.location(of: offset)
            let lineStart = file.lineStarts[loc.line - 1]
            if self == .utf8 { return .position(Position(line: loc.line - 1, character: offset - lineStart)) }
            var units = 0, i = lineStart
            while i < offset {
                let (length, width) = PositionEncoding.scalar(at: i, in: bytes)
                if i + length > offset { break }
                units += width
                i += length
            }
            return .position(Position(line: loc.line - 1, character: units))
        case let .position(p):
            guard p.line >= 0 else { return .offset(0) }
            guard p.line < file.lineStarts.count else { return .offset(bytes.count) }
            let lineStart = file.lineStarts[p.line]
            var lineEnd = p.line + 1 < file.lineStarts.count ? file.lineStarts[p.line + 1] - 1 : bytes.count
            if lineEnd > lineStart && bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let wanted = max(0, p.character)
            if self == .utf8 {
                var o = min(lineStart + wanted, lineEnd)
                while o > lineStart && o < lineEnd && bytes[o] & 0xC0 == 0x80 { o -= 1 }
                return .offset(o)
            }
            var units = 0, i = lineStart
            while i < lineEnd && units < wanted {
                let (length, width) = PositionEncoding.scalar(at: i, in: bytes)
                // A column inside a surrogate pair rounds down to the scalar's start.
                if units + width > wanted { break }
                units += width
                i += length
            }
            return .offset(min(i, lineEnd))
        }
    }

    /// One side of the conversion.
    enum Conversion: Equatable {
        case offset(Int)
        case position(Position)
    }

    /// The byte length of the UTF-8 sequence at `i` and its width in UTF-16 units (1 for an
    /// invalid byte).
    private static func scalar(at i: Int, in bytes: [UInt8]) -> (length: Int, utf16: Int) {
        let b = bytes[i]
        let length: Int
        switch b {
        case 0..<0x80: return (1, 1)
        case 0xC2..<0xE0: length = 2
        case 0xE0..<0xF0: length = 3
        case 0xF0..<0xF5: length = 4
        default: return (1, 1)
        }
        guard i + length <= bytes.count else { return (1, 1) }
        for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { return (1, 1) }
        return (length, length == 4 ? 2 : 1)
    }

    // Conveniences over the one conversion.

    func position(of offset: Int, in file: SourceFile) -> Position {
        if case let .position(p) = convert(.offset(offset), in: file) { return p }
        return Position(line: 0, character: 0)
    }

    func offset(of position: Position, in file: SourceFile) -> Int {
        if case let .offset(o) = convert(.position(position), in: file) { return o }
        return 0
    }
}
