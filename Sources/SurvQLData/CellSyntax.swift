/// Recognizers for the spellings of cell values in data files, working on raw bytes.
///
/// - Missing: an empty cell; `NA`, `na`, `N/A`, `n/a`, `#N/A`, `NaN`, `nan`, `null`, `NULL`,
///   `Null`; and any value in square brackets, which covers cBioPortal's markers
///   (`[Not Available]`, `[Unknown]`, `[Not Applicable]`, `[Not Evaluated]`, `[Pending]`, ...).
/// - Boolean: `true`/`false` and `yes`/`no` in any letter case. Columns of 0 and 1 stay integers.
/// - Date: ISO `yyyy-mm-dd` with a valid month and day.
public enum CellSyntax {
    /// Whether `text` is a missing-value marker.
    public static func isMissing(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { b in
            guard let p = b.baseAddress else { return true }
            return isMissing(p, b.count)
        }
    }

    /// The boolean a cell spells, nil when it is not a boolean spelling.
    public static func boolean(_ text: String) -> Bool? {
        var copy = text
        return copy.withUTF8 { b -> Bool? in
            guard let p = b.baseAddress else { return nil }
            return boolean(p, b.count)
        }
    }

    /// Days since 1970-01-01 of an ISO `yyyy-mm-dd` cell, nil otherwise.
    public static func date(_ text: String) -> Int? {
        var copy = text
        return copy.withUTF8 { b -> Int? in
            guard let p = b.baseAddress else { return nil }
            return date(p, b.count)
        }
    }

    @inline(__always)
    static func isMissing(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        if n == 0 { return true }
        let c = p[0]
        if c == 0x5B { return p[n - 1] == 0x5D } // [ ... ]
        if n > 4 { return false }
        switch n {
        case 2:
            return (c == 0x4E && p[1] == 0x41) || (c == 0x6E && p[1] == 0x61) // NA na
        case 3:
            if p[1] == 0x2F { return (c == 0x4E && p[2] == 0x41) || (c == 0x6E && p[2] == 0x61) } // N/A n/a
            return (c == 0x4E || c == 0x6E) && p[1] == 0x61 && (p[2] == 0x4E || p[2] == 0x6E) // NaN nan
        case 4:
            if c == 0x23 { return p[1] == 0x4E && p[2] == 0x2F && p[3] == 0x41 } // #N/A
            if c == 0x6E { return p[1] == 0x75 && p[2] == 0x6C && p[3] == 0x6C } // null
            if c == 0x4E {
                return (p[1] == 0x55 && p[2] == 0x4C && p[3] == 0x4C) || (p[1] == 0x75 && p[2] == 0x6C && p[3] == 0x6C)
            }
            return false
        default:
            return false
        }
    }

    @inline(__always)
    static func boolean(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool? {
        func lower(_ k: Int) -> UInt8 { p[k] | 0x20 }
        switch n {
        case 2 where lower(0) == 0x6E && lower(1) == 0x6F: return false // no
        case 3 where lower(0) == 0x79 && lower(1) == 0x65 && lower(2) == 0x73: return true // yes
        case 4 where lower(0) == 0x74 && lower(1) == 0x72 && lower(2) == 0x75 && lower(3) == 0x65: return true
        case 5 where lower(0) == 0x66 && lower(1) == 0x61 && lower(2) == 0x6C && lower(3) == 0x73 && lower(4) == 0x65:
            return false
        default: return nil
        }
    }

    @inline(__always)
    static func date(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        guard n == 10, p[4] == 0x2D, p[7] == 0x2D else { return nil }
        func digits(_ from: Int, _ to: Int) -> Int? {
            var v = 0
            for k in from..<to {
                let d = p[k] &- 0x30
                guard d < 10 else { return nil }
                v = v * 10 + Int(d)
            }
            return v
        }
        guard let y = digits(0, 4), let m = digits(5, 7), let d = digits(8, 10) else { return nil }
        return CivilDate.days(year: y, month: m, day: d)
    }

    /// Whether an integer literal has a redundant leading zero (`007`, `-01`), which marks
    /// an identifier rather than a number.
    @inline(__always)
    static func hasLeadingZero(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        if n > 0, p[0] == 0x2D || p[0] == 0x2B { i = 1 }
        return n - i > 1 && p[i] == 0x30
    }
}
