#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A decimal number parser working directly on bytes.
///
/// Accepted syntax: optional `+`/`-`, digits with an optional `.` and fraction (at least one digit
/// overall), optional exponent `e`/`E` with optional sign and digits. Nothing else: no spaces,
/// `inf`, `nan` or hexadecimal. The common case (at most 19 significant digits and a power of ten
/// within ±22, Clinger's fast path) is computed exactly with one IEEE multiplication or division;
/// everything else is handed to `strtod`, so every result equals `strtod`'s correctly rounded value.
public enum FastDecimal {
    /// Exact powers of ten representable as doubles.
    private static let powers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

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
        var i = 0
        var negative = false
        if count == 0 { return nil }
        if p[0] == 0x2D { negative = true; i = 1 } else if p[0] == 0x2B { i = 1 }
        var mantissa: UInt64 = 0
        var significant = 0
        var digits = 0
        var exponent = 0
        var sawPoint = false
        var sawExponent = false
        while i < count {
            let d = p[i] &- 0x30
            if d < 10 {
                digits += 1
                if mantissa != 0 || d != 0 {
                    if significant < 19 {
                        mantissa = mantissa &* 10 &+ UInt64(d)
                        significant += 1
                        if sawPoint { exponent -= 1 }
                    } else {
                        // Too many digits for the fast path; keep the scale right and let strtod decide.
                        significant += 1
                        if !sawPoint { exponent += 1 }
                    }
                } else if sawPoint {
                    exponent -= 1
                }
                i += 1
            } else if p[i] == 0x2E, !sawPoint {
                sawPoint = true
                i += 1
            } else {
                break
            }
        }
        if digits == 0 { return nil }
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
        if significant <= 19, mantissa <= (1 << 53) {
            var v = Double(mantissa)
            if exponent == 0 || mantissa == 0 {
                return (negative ? -v : v, isInteger)
            }
            if exponent > 0, exponent <= 22 {
                v *= powers[exponent]
                return (negative ? -v : v, isInteger)
            }
            if exponent < 0, exponent >= -22 {
                v /= powers[-exponent]
                return (negative ? -v : v, isInteger)
            }
        }
        return (slowPath(p, count), isInteger)
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
