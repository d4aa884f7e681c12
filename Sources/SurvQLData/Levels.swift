/// The distinct texts of a text column (or a dataset's identifiers), by code.
///
/// Usually an array of strings. A column of serial identifiers (`P-1000042`: a fixed prefix, an
/// increasing number, a fixed suffix; see `SerialIdentifiers`) keeps its levels as numbers
/// instead and writes a level's text when it is read, so ten million identifiers cost nothing
/// (a consecutive run) or 8 bytes each, not a `String` each. Reading is the same either way.
public struct Levels: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    enum Storage: Sendable {
        case strings([String])
        case serial(SerialText)
    }

    let storage: Storage

    /// Levels holding these strings.
    public init(_ strings: [String]) { storage = .strings(strings) }

    public init(arrayLiteral elements: String...) { storage = .strings(elements) }

    init(serial: SerialText) { storage = .serial(serial) }

    /// `1`, `2`, ..., `count` (row numbers as identifiers), with no string stored.
    public static func rowNumbers(count: Int) -> Levels {
        Levels(serial: SerialText(prefix: [], suffix: [], first: 1 << 56 | 1, fixedWidth: false, keys: nil, count: Swift.max(0, count)))
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public var count: Int {
        switch storage {
        case let .strings(s): return s.count
        case let .serial(s): return s.count
        }
    }

    public subscript(i: Int) -> String {
        switch storage {
        case let .strings(s): return s[i]
        case let .serial(s): return s.text(at: i)
        }
    }

    /// The levels as an array of strings (shared when they are stored as one; made otherwise).
    public var strings: [String] {
        switch storage {
        case let .strings(s): return s
        case .serial: return Array(self)
        }
    }

    /// The first code whose text is `text`, nil when none (for serial levels a computation,
    /// not a scan).
    public func firstIndex(of text: String) -> Int? {
        switch storage {
        case let .strings(s): return s.firstIndex(of: text)
        case let .serial(s): return s.index(of: text)
        }
    }

    public static func == (a: Levels, b: Levels) -> Bool {
        if case let .strings(x) = a.storage, case let .strings(y) = b.storage { return x == y }
        return a.count == b.count && a.elementsEqual(b)
    }
}

/// The text of serial identifiers, by position: a prefix, a decimal number and a suffix.
///
/// The numbers are either a consecutive run (`first`, `first + 1`, ...; nothing stored) or a list
/// of keys (`digitCount << 56 | number`, as `SerialIdentifiers` makes them). In a run every
/// number is written with the first one's digit count (zero-padded: `P0000042`) when `fixedWidth`,
/// else with as many digits as it needs (`P9`, `P10`).
struct SerialText: Sendable {
    let prefix: [UInt8]
    let suffix: [UInt8]
    /// The first key of a run (unused with `keys`).
    let first: UInt64
    /// Whether a run keeps the first key's digit count.
    let fixedWidth: Bool
    /// The keys, when the numbers are not a run.
    let keys: [UInt64]?
    let count: Int

    /// Powers of ten up to 10^19.
    static let powers: [UInt64] = (0...19).map { k in (0..<k).reduce(1) { r, _ in r &* 10 } }

    /// The digits a number needs (1 for 0).
    @inline(__always)
    static func naturalDigits(_ number: UInt64) -> Int {
        var d = 1
        while d < 20, number >= powers[d] { d += 1 }
        return d
    }

    /// The key at position `i` (in range).
    @inline(__always)
    func key(at i: Int) -> UInt64 {
        if let keys { return keys[i] }
        let number = (first & (1 << 56 - 1)) + UInt64(i)
        let digits = fixedWidth ? first >> 56 : UInt64(SerialText.naturalDigits(number))
        return digits << 56 | number
    }

    func text(at i: Int) -> String {
        let key = key(at: i)
        let digits = Int(key >> 56)
        var number = key & (1 << 56 - 1)
        let n = prefix.count + digits + suffix.count
        return String(unsafeUninitializedCapacity: n) { out in
            for j in 0..<prefix.count { out[j] = prefix[j] }
            var k = prefix.count + digits
            while k > prefix.count {
                k -= 1
                out[k] = 0x30 &+ UInt8(truncatingIfNeeded: number % 10)
                number /= 10
            }
            for j in 0..<suffix.count { out[prefix.count + digits + j] = suffix[j] }
            return n
        }
    }

    /// The position of the level whose text is `text`, nil when none.
    func index(of text: String) -> Int? {
        var text = text
        return text.withUTF8 { b -> Int? in
            let pc = prefix.count, sc = suffix.count
            let digits = b.count - pc - sc
            guard digits >= 1, digits <= SerialIdentifiers.maxDigits,
                  b.prefix(pc).elementsEqual(prefix), b.suffix(sc).elementsEqual(suffix) else { return nil }
            var number: UInt64 = 0
            for k in pc..<(pc + digits) {
                let d = b[k] &- 0x30
                if d >= 10 { return nil }
                number = number * 10 + UInt64(d)
            }
            let key = UInt64(digits) << 56 | number
            // Keys increase with position: binary search (a run's are found the same way).
            var lo = 0, hi = count
            while lo < hi {
                let mid = (lo + hi) / 2
                if self.key(at: mid) < key { lo = mid + 1 } else { hi = mid }
            }
            return lo < count && self.key(at: lo) == key ? lo : nil
        }
    }
}
