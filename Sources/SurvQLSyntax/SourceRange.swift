/// A half-open range of UTF-8 byte offsets `[start, end)` in one `SourceFile`.
///
/// The file is not stored here: every consumer (diagnostic, AST node) knows which file it
/// belongs to, and keeping ranges two integers wide keeps the AST compact.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// An empty range at one offset (a missing token, the end of input).
    public static func at(_ offset: Int) -> SourceRange { SourceRange(start: offset, end: offset) }

    public var length: Int { end - start }
    public var isEmpty: Bool { start == end }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: min(start, other.start), end: max(end, other.end))
    }

    public func contains(_ offset: Int) -> Bool { offset >= start && offset < end }

    public var description: String { "\(start)..<\(end)" }
}
