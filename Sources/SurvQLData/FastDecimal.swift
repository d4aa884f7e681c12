#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A decimal number parser working directly on bytes.
///
/// Accepted syntax: optional `+`/`-`, digits with an optional `.` and fraction (at least one digit
/// overall), optional exponent `e`/`E` with optional sign and digits; or, as R reads them, `Inf`
/// and `Infinity` in any letter case with an optional sign. A number too large for a double
/// (`1e309`) is infinite too, as in R. Nothing else: no spaces, `nan` (a missing marker, see
/// `CellSyntax`) or hexadecimal. The common case (at most 19 digits in all and a power of ten
/// within ±22, Clinger's fast path) is computed exactly with one IEEE multiplication or division;
/// everything else is handed to `strtod`, so every result equals `strtod`'s correctly rounded value.
public enum FastDecimal {
    /// Parses a string; nil when it is not a number in the accepted syntax.
    public static func parse(_ text: String) -> Double? {
        var copy = text
        return copy.withUTF8 { buf -> Double? in
            guard let base = buf.baseAddress else { return nil }
            return parse(base, buf.count)?.value
        }
    }

    /// Parses `count` bytes at `p`; returns the value and whether it was written as an integer
    /// (no decimal point, no exponent), or nil when the bytes are not a number.
    @inline(__always)
    static func parse(_ p: UnsafePointer<UInt8>, _ count: Int) -> (value: Double, isInteger: Bool)? {
        if count == 0 { return nil }
        var i = 0
        var negative = false
        if p[0] == 0x2D { negative = true; i = 1 } else if p[0] == 0x2B { i = 1 }
        if i < count, p[i] | 0x20 == 0x69 {
            return isInfinity(p + i, count - i) ? (negative ? -.infinity : .infinity, false) : nil
        }
        // All digits, integer and fraction, go into one mantissa; it is exact when there are at
        // most 19 of them (it wraps otherwise, and is then not used).
        var mantissa: UInt64 = 0
        let integerStart = i
        while i < count {
            let d = p[i] &- 0x30
            if d >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            i += 1
        }
        var digits = i - integerStart
        var exponent = 0
        var sawPoint = false
        if i < count, p[i] == 0x2E {
            sawPoint = true
            i += 1
            let fractionStart = i
            while i < count {
                let d = p[i] &- 0x30
                if d >= 10 { break }
                mantissa = mantissa &* 10 &+ UInt64(d)
                i += 1
            }
            digits += i - fractionStart
            exponent = fractionStart - i
        }
        if digits == 0 { return nil }
        var sawExponent = false
        if i < count {
            guard p[i] | 0x20 == 0x65 else { return nil }
            sawExponent = true
            i += 1
            var expNegative = false
            if i < count, p[i] == 0x2D { expNegative = true; i += 1 } else if i < count, p[i] == 0x2B { i += 1 }
            var e = 0
            var expDigits = 0
            while i < count {
                let d = p[i] &- 0x30
                guard d < 10 else { return nil }
                if e < 100_000 { e = e * 10 + Int(d) }
                expDigits += 1
                i += 1
            }
            if expDigits == 0 { return nil }
            exponent += expNegative ? -e : e
        }
        let isInteger = !sawPoint && !sawExponent
        // Clinger's fast path: an exact mantissa and an exact power of ten, one rounding.
        if digits <= 19, mantissa <= (1 << 53) {
            var v = Double(mantissa)
            if exponent == 0 || mantissa == 0 {
                return (negative ? -v : v, isInteger)
            }
            if exponent > 0, exponent <= 22 {
                v *= exactPowerOfTen(exponent)
                return (negative ? -v : v, isInteger)
            }
            if exponent < 0, exponent >= -22 {
                v /= exactPowerOfTen(-exponent)
                return (negative ? -v : v, isInteger)
            }
        }
        return (slowPath(p, count), isInteger)
    }

    /// The value of 1 to 9 decimal digits with no sign and no leading zero (`0` alone is fine),
    /// nil for any other bytes: the commonest numeric cell, read without `parse`'s generality.
    /// Whenever it is not nil, `parse` gives exactly `Double` of it, as an integer. The bytes
    /// from `floor` up to `p` must be readable too (see `digits(endingAt:count:)`).
    @inline(__always)
    static func smallUnsigned(_ p: UnsafePointer<UInt8>, _ count: Int, readableFrom floor: UnsafePointer<UInt8>) -> Int32? {
        guard count >= 1, count <= 9, p[0] != 0x30 || count == 1 else { return nil }
        if count <= 8, p + count - floor >= 8 {
            return digits(endingAt: p + count, count: count).map { Int32(truncatingIfNeeded: $0) }
        }
        var x: Int32 = 0
        for i in 0..<count {
            let d = p[i] &- 0x30
            if d >= 10 { return nil }
            x = x &* 10 &+ Int32(d)
        }
        return x
    }

    /// The value of the `count` (1 to 8) bytes before `end` as decimal digits, nil when one is not
    /// a digit; the 8 bytes before `end` must be readable. They are read as one little-endian word
    /// (the bytes before the digits taken as zeros), checked and combined a lane pair at a time,
    /// instead of a multiply-add a digit in a chain.
    @inline(__always)
    static func digits(endingAt end: UnsafePointer<UInt8>, count: Int) -> UInt64? {
        var w = UInt64(littleEndian: UnsafeRawPointer(end - 8).loadUnaligned(as: UInt64.self))
        let before: UInt64 = (1 << (8 * (8 - count))) &- 1
        w = (w & ~before) | (0x3030_3030_3030_3030 & before)
        // Every byte 0x30...0x39: high nibble 3, and still 3 after adding 6.
        let high: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
        guard (w & high) | (((w &+ 0x0606_0606_0606_0606) & high) >> 4) == 0x3333_3333_3333_3333 else { return nil }
        // Adjacent digits, then pairs, then quadruples (the first byte is the most significant digit).
        w = ((w & 0x0F0F_0F0F_0F0F_0F0F) &* 2561) >> 8
        w = ((w & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16
        return ((w & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32
    }

    /// Whether the bytes spell `inf` or `infinity`, in any letter case.
    private static func isInfinity(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let word: [UInt8] = Array("infinity".utf8)
        guard n == 3 || n == 8 else { return false }
        for k in 0..<n where p[k] | 0x20 != word[k] { return false }
        return true
    }

    /// 10^k for 0 <= k <= 22, the powers of ten that doubles hold exactly.
    @inline(__always)
    private static func exactPowerOfTen(_ k: Int) -> Double {
        switch k {
        case 0: return 1e0
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }

    /// Copies the bytes into a NUL-terminated buffer and calls `strtod` (C locale digits only).
    private static func slowPath(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buf -> Double in
            for k in 0..<count { buf[k] = CChar(bitPattern: p[k]) }
            buf[count] = 0
            return strtod(buf.baseAddress!, nil)
        }
    }
}
