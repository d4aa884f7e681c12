import Foundation
import SurvQLRuntime

/// A compact Kaplan–Meier step plot in Unicode braille (2×4 dots per character), one ANSI
/// colour per group with a legend, fitted to the terminal width; drawn under a `survive` table
/// in a colour terminal.
enum TerminalPlot {
    /// 256-colour codes for up to eight groups (blue, orange, green, red, purple, brown, pink, grey).
    static let colours = [33, 208, 34, 160, 93, 130, 205, 245]

    static func render(_ s: SurvivalResult, width: Int, height: Int = 10) -> String {
        let curves = s.groups.filter { !$0.curve.isEmpty }
        guard !curves.isEmpty else { return "" }
        let maxTime = curves.flatMap { $0.curve.map(\.time) }.max() ?? 0
        guard maxTime > 0 else { return "" }
        let cols = max(10, min(width - 8, 100))
        let dotsX = cols * 2
        let dotsY = height * 4
        // Per cell: braille bits and the colour of the last group drawn there.
        var bits = [[UInt16]](repeating: [UInt16](repeating: 0, count: cols), count: height)
        var colour = [[Int]](repeating: [Int](repeating: -1, count: cols), count: height)
        func plot(_ x: Int, _ y: Int, _ g: Int) {
            guard x >= 0, x < dotsX, y >= 0, y < dotsY else { return }
            let cx = x / 2, cy = y / 4, dx = x % 2, dy = y % 4
            let bit: UInt16 = dy == 3 ? (dx == 0 ? 0x40 : 0x80) : UInt16(1 << (dy + 3 * dx))
            bits[cy][cx] |= bit
            colour[cy][cx] = g
        }
        for (g, group) in curves.enumerated() {
            var previousY: Int? = nil
            var k = 0
            var survival = 1.0
            for x in 0..<dotsX {
                let t = maxTime * Double(x) / Double(dotsX - 1)
                while k < group.curve.count && group.curve[k].time <= t {
                    survival = group.curve[k].survival
                    k += 1
                }
                let y = Int(((1 - survival) * Double(dotsY - 1)).rounded())
                let from = previousY ?? y
                for yy in min(from, y)...max(from, y) { plot(x, yy, g) }
                previousY = y
            }
        }
        var out = ""
        for row in 0..<height {
            let label = row == 0 ? "1.0" : row == height - 1 ? "0.0" : row == height / 2 ? "0.5" : ""
            out += label.padding(toLength: 4, withPad: " ", startingAt: 0).reversedPad() + "┤"
            var current = -1
            for c in 0..<cols {
                let g = colour[row][c]
                if g != current {
                    out += g < 0 ? "\u{1b}[0m" : "\u{1b}[38;5;\(colours[g % colours.count])m"
                    current = g
                }
                out += String(UnicodeScalar(0x2800 + UInt32(bits[row][c]))!)
            }
            out += "\u{1b}[0m\n"
        }
        let unit = s.endpoint.unit.map { " \($0)" } ?? ""
        let right = NumberText.short(maxTime) + unit
        out += "    └" + String(repeating: "─", count: cols) + "\n"
        out += "     0" + String(repeating: " ", count: max(1, cols - 1 - right.count)) + right + "\n"
        var legend = "     "
        for (g, group) in curves.enumerated() {
            legend += "\u{1b}[38;5;\(colours[g % colours.count])m━━\u{1b}[0m \(group.label)   "
        }
        while legend.hasSuffix(" ") { legend.removeLast() }
        out += legend + "\n"
        return out
    }
}

private extension String {
    /// Right-aligns a label already padded to its width.
    func reversedPad() -> String {
        let t = trimmingCharacters(in: .whitespaces)
        return String(repeating: " ", count: count - t.count) + t
    }
}

/// Short numbers for axis labels.
enum NumberText {
    static func short(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(format: "%.1f", x)
    }
}
