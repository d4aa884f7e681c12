/// Splits a byte stream into LSP messages: `Content-Length: N` (case-insensitive) and other
/// header lines, an empty line, then exactly N bytes of body.
///
/// Bytes may arrive one at a time or several messages per read. A broken header (no
/// `Content-Length`, a length that is not a number, or one larger than `maxBodyBytes`) does not
/// stop the stream: the framer reports it and skips to the next `Content-Length:` it sees, so
/// one bad message costs only itself.
struct MessageFramer {
    /// What the framer found in the stream.
    enum Frame: Equatable {
        case message([UInt8])
        /// A header that could not be used; the text says why.
        case badHeader(String)
    }

    /// Bodies larger than this are refused (the header is skipped, not waited for).
    var maxBodyBytes = 64 << 20
    /// Headers longer than this without a blank line are junk.
    var maxHeaderBytes = 8 << 10
    private var buffer: [UInt8] = []
    private var start = 0

    init(maxBodyBytes: Int = 64 << 20) { self.maxBodyBytes = maxBodyBytes }

    /// Adds bytes read from the stream.
    mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Puts a body back at the front of the stream (after a body turned out to hold the start of
    /// the next message: the previous header promised more bytes than it sent).
    mutating func pushBack(_ bytes: ArraySlice<UInt8>) {
        buffer.replaceSubrange(0..<start, with: bytes)
        start = 0
    }

    /// The next complete frame, or nil when more bytes are needed.
    mutating func next() -> Frame? {
        // Bytes that cannot start a header (what is left of a skipped body) are dropped up to
        // the next `Content-Length:`; they were already reported with the header they followed.
        if start < buffer.count, !startsWithHeaderName() {
            if let next = findCaseInsensitive(MessageFramer.lengthName, from: start) {
                start = next
            } else {
                start = max(start, buffer.count - MessageFramer.lengthName.count)
                return nil
            }
        }
        guard let end = find(MessageFramer.headerEnd, from: start) else {
            if buffer.count - start > maxHeaderBytes {
                return skipToNextHeader(ServerMessages.headerTooLong)
            }
            return nil
        }
        let header = String(decoding: buffer[start..<end], as: UTF8.self)
        var length: Int? = nil
        var sawLength = false
        for line in header.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if line[..<colon].trimmingSpaces.lowercased() == "content-length" {
                sawLength = true
                length = Int(line[line.index(after: colon)...].trimmingSpaces)
            }
        }
        guard sawLength else { return skipToNextHeader(ServerMessages.noContentLength, after: end + 4) }
        guard let n = length, n >= 0 else { return skipToNextHeader(ServerMessages.badContentLength, after: end + 4) }
        guard n <= maxBodyBytes else { return skipToNextHeader(ServerMessages.bodyTooLarge(n, maxBodyBytes), after: end + 4) }
        let bodyStart = end + 4
        guard buffer.count - bodyStart >= n else {
            // A complete header inside the awaited body means the body was cut short and the
            // next message began: drop the short one (a JSON body never holds a raw CR LF CR LF).
            if let next = findCaseInsensitive(MessageFramer.lengthName, from: bodyStart),
               find(MessageFramer.headerEnd, from: next) != nil {
                start = next
                return .badHeader(ServerMessages.truncatedBody(n))
            }
            return nil
        }
        let body = Array(buffer[bodyStart..<(bodyStart + n)])
        start = bodyStart + n
        return .message(body)
    }

    /// Drops bytes up to the next `Content-Length:` header (or all but a possible partial one).
    private mutating func skipToNextHeader(_ reason: String, after: Int? = nil) -> Frame {
        let from = after ?? start + 1
        if let next = findCaseInsensitive(MessageFramer.lengthName, from: from) {
            start = next
        } else {
            start = max(from, buffer.count - MessageFramer.lengthName.count)
            start = min(start, buffer.count)
        }
        return .badHeader(reason)
    }

    /// Whether the bytes at `start` begin like a header line (`Name:` with token characters).
    private func startsWithHeaderName() -> Bool {
        var i = start
        while i < buffer.count {
            let b = buffer[i]
            if b == UInt8(ascii: ":") { return i > start }
            let isToken = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
            if !isToken { return false }
            i += 1
        }
        return true  // a header name still arriving
    }

    static let headerEnd: [UInt8] = Array("\r\n\r\n".utf8)
    static let lengthName: [UInt8] = Array("content-length:".utf8)

    private func find(_ needle: [UInt8], from: Int) -> Int? {
        guard buffer.count - from >= needle.count else { return nil }
        var i = from
        while i <= buffer.count - needle.count {
            if buffer[i] == needle[0] {
                var j = 1
                while j < needle.count && buffer[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    private func findCaseInsensitive(_ needle: [UInt8], from: Int) -> Int? {
        MessageFramer.findCaseInsensitive(needle, in: buffer[...], from: from)
    }

    /// Where `needle` (lower-case ASCII) first occurs in `bytes` at or after `from`, ignoring case.
    static func findCaseInsensitive(_ needle: [UInt8], in bytes: ArraySlice<UInt8>, from: Int) -> Int? {
        guard from >= bytes.startIndex, bytes.endIndex - from >= needle.count else { return nil }
        var i = from
        while i <= bytes.endIndex - needle.count {
            var j = 0
            while j < needle.count && (bytes[i + j] | 0x20) == needle[j] { j += 1 }
            if j == needle.count { return i }
            i += 1
        }
        return nil
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
