extension Array {
    /// The elements at `rows` (positions, in that order); a position out of range gives
    /// `missing`. The gather behind `Codes.selecting` and `NumericCells.selecting`.
    func selecting(_ rows: [Int32], missing: Element) -> [Element] {
        [Element](unsafeUninitializedCapacity: rows.count) { out, initialized in
            withUnsafeBufferPointer { src in
                rows.withUnsafeBufferPointer { rows in
                    for i in 0..<rows.count {
                        let r = Int(rows[i])
                        out[i] = r >= 0 && r < src.count ? src[r] : missing
                    }
                }
            }
            initialized = rows.count
        }
    }
}

extension Array where Element: FixedWidthInteger {
    /// Appends `count` integers from `source`, each truncated to `Element` (the caller knows they
    /// fit), in one loop over the new room: appending a lazily mapped sequence copies element by
    /// element through its iterator, several times slower. The narrowing append behind
    /// `RowOffsets` and `CodeAccumulator`.
    mutating func append<S: BinaryInteger>(truncating source: UnsafePointer<S>, count: Int) {
        let start = self.count
        append(contentsOf: repeatElement(0, count: count))
        withUnsafeMutableBufferPointer { out in
            for i in 0..<count { out[start + i] = Element(truncatingIfNeeded: source[i]) }
        }
    }
}
