#!/usr/bin/env python3
"""Prints the advance widths (per 1000 units of em) of a TrueType font's printable characters,
as a Swift dictionary literal, for Sources/SurvQLRendering/FontMetrics+Tables.swift.

Usage: scripts/font_metrics.py /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
Reads the cmap (format 4), hhea and hmtx tables directly, so it needs no font library.
"""
import struct, sys

EXTRA = "–—−≥≤±·×…°µ’‘“”éèêëáàâäãåçñóòôöõúùûüíìîïÉÈÁÀÖÜßøØ→←≈≠√∞αβγδλμσχ²³¹½¼"

def tables(data):
    n = struct.unpack(">H", data[4:6])[0]
    out = {}
    for i in range(n):
        tag, _, off, length = struct.unpack(">4sIII", data[12 + 16 * i: 28 + 16 * i])
        out[tag.decode()] = (off, length)
    return out

def cmap4(data, off):
    n = struct.unpack(">H", data[off + 2: off + 4])[0]
    for i in range(n):
        pid, eid, sub = struct.unpack(">HHI", data[off + 4 + 8 * i: off + 12 + 8 * i])
        if pid == 3 and eid == 1:
            s = off + sub
            assert struct.unpack(">H", data[s:s + 2])[0] == 4
            segx2 = struct.unpack(">H", data[s + 6:s + 8])[0]
            seg = segx2 // 2
            ends = struct.unpack(">%dH" % seg, data[s + 14: s + 14 + segx2])
            starts = struct.unpack(">%dH" % seg, data[s + 16 + segx2: s + 16 + 2 * segx2])
            deltas = struct.unpack(">%dh" % seg, data[s + 16 + 2 * segx2: s + 16 + 3 * segx2])
            ro_off = s + 16 + 3 * segx2
            ros = struct.unpack(">%dH" % seg, data[ro_off: ro_off + segx2])
            def glyph(c):
                for k in range(seg):
                    if starts[k] <= c <= ends[k]:
                        if ros[k] == 0:
                            return (c + deltas[k]) & 0xFFFF
                        a = ro_off + 2 * k + ros[k] + 2 * (c - starts[k])
                        g = struct.unpack(">H", data[a:a + 2])[0]
                        return (g + deltas[k]) & 0xFFFF if g else 0
                return 0
            return glyph
    raise SystemExit("no Windows Unicode cmap")

def main(path):
    data = open(path, "rb").read()
    t = tables(data)
    upem = struct.unpack(">H", data[t["head"][0] + 18: t["head"][0] + 20])[0]
    hh = t["hhea"][0]
    ascent, descent = struct.unpack(">hh", data[hh + 4: hh + 8])
    nmetrics = struct.unpack(">H", data[hh + 34: hh + 36])[0]
    hm = t["hmtx"][0]
    def advance(g):
        g = min(g, nmetrics - 1)
        return struct.unpack(">H", data[hm + 4 * g: hm + 4 * g + 2])[0]
    glyph = cmap4(data, t["cmap"][0])
    chars = [chr(c) for c in range(32, 127)] + list(EXTRA)
    print("// %s: ascent %d, descent %d per 1000" % (path.split("/")[-1], round(ascent * 1000 / upem), round(-descent * 1000 / upem)))
    entries = []
    for ch in chars:
        g = glyph(ord(ch))
        if g == 0:
            continue
        entries.append("0x%04X: %d" % (ord(ch), round(advance(g) * 1000 / upem)))
    for i in range(0, len(entries), 10):
        print("    " + ", ".join(entries[i:i + 10]) + ",")

if __name__ == "__main__":
    main(sys.argv[1])
