"""Fusion partners and orientation on the real MSK studies, against an independent count.

The count below reads data_sv.txt with Python's csv module and decides each row's orientation by
the documented rules (README, "Fusion orientation"), written here from the rules, not from the
Swift code: a stated order ({A:B}, "(A-B)" after "fusion", "A-B fusion - Archer"), else the
strands in the site descriptions and Connection_Type, else unknown.
"""
import collections
import csv
import json
import re

import pytest

from conftest import SHARED

STUDIES = ["msk_impact_2017", "msk_met_2021", "nsclc_pd1_msk_2018"]
GENES = ["ALK", "ROS1", "NTRK1", "NTRK2", "NTRK3"]


def intergenic(gene, region, description):
    return not gene or region.upper() == "IGR" or description.upper().startswith("IGR")


def strand(description, gene):
    m = re.search(r"(?<![A-Za-z0-9-])" + re.escape(gene) + r"\(([+-])\)", description or "", re.I) if gene else None
    return m.group(1) if m else None


def stated(info):
    """Candidate (5', 3') name pairs an Event_Info states."""
    info = (info or "").strip()
    m = re.search(r"\{([^{}]*)\}", info)
    if m:
        parts = m.group(1).split(":")
        if len(parts) == 2 and parts[0].strip() and parts[1].strip():
            return [(parts[0].strip(), parts[1].strip())]
        return []
    low = info.lower()
    name = None
    if "fusion" in low and "(" in info and low.index("fusion") < info.rindex("("):
        name = info[info.rindex("(") + 1:].split(")")[0]
    elif low.endswith("fusion - archer"):
        name = info[: -len("fusion - archer")].strip()
    if not name:
        return []
    parts = name.split("-")
    if len(parts) < 2 or any(not p or " " in p for p in parts):
        return []
    return [("-".join(parts[:i]), "-".join(parts[i:])) for i in range(1, len(parts))]


def orientation(row):
    """'1' (site 1 is 5'), '2', or None (unknown)."""
    a = (row.get("Site1_Hugo_Symbol") or "").upper()
    b = (row.get("Site2_Hugo_Symbol") or "").upper()
    ig1 = intergenic(a, row.get("Site1_Region") or "", row.get("Site1_Description") or "")
    ig2 = intergenic(b, row.get("Site2_Region") or "", row.get("Site2_Description") or "")
    if a and a == b:
        return "1"
    if a and b:
        for up, down in stated(row.get("Event_Info")):
            up, down = up.upper(), down.upper()
            first, second = up == a or down == b, up == b or down == a
            if first != second:
                return "1" if first else "2"
    conn = row.get("Connection_Type") or ""

    def keeps_five(gene, desc, end, ig):
        s = strand(desc, gene)
        if ig or s is None or end not in "35" or not end:
            return None
        return (end == "3") == (s == "+")
    k1 = keeps_five(a, row.get("Site1_Description"), conn[:1], ig1)
    k2 = keeps_five(b, row.get("Site2_Description"), conn[-1:], ig2)
    if (k1 is True and k2 is False) or (k1 is True and k2 is None and ig2) or (k1 is None and k2 is False and ig1):
        return "1"
    if (k1 is False and k2 is True) or (k1 is False and k2 is None and ig2) or (k1 is None and k2 is True and ig1):
        return "2"
    if ig1 and ig2:
        return "1"
    return None


def events(study):
    """(patient, site1 gene, site2 gene, site1 intergenic, site2 intergenic, orientation) per row."""
    path = SHARED / "data" / study / "data_sv.txt"
    out = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            m = re.match(r"(P-\d{7})", row["Sample_Id"])
            if not m:
                continue
            a = (row.get("Site1_Hugo_Symbol") or "").upper()
            b = (row.get("Site2_Hugo_Symbol") or "").upper()
            ig1 = intergenic(a, row.get("Site1_Region") or "", row.get("Site1_Description") or "")
            ig2 = intergenic(b, row.get("Site2_Region") or "", row.get("Site2_Description") or "")
            out.append((m.group(1), a, b, ig1, ig2, orientation(row)))
    return out


def partner_table(evs, gene):
    """partner (None = intergenic) -> [patients set, events, gene 5', gene 3', unknown]."""
    t = collections.defaultdict(lambda: [set(), 0, 0, 0, 0])
    for patient, a, b, ig1, ig2, o in evs:
        if gene not in (a, b):
            continue
        up, down, igu, igd = (b, a, ig2, ig1) if o == "2" else (a, b, ig1, ig2)
        if up == gene:
            partner, col = (None if igd else down), (2 if o else 4)
        else:
            partner, col = (None if igu else up), (3 if o else 4)
        r = t[partner]
        r[0].add(patient)
        r[1] += 1
        r[col] += 1
    return {p: (len(v[0]), v[1], v[2], v[3], v[4]) for p, v in t.items()}


def ordered_patients(evs, up_gene, down_gene):
    """Patients with a known-orientation event UP::DOWN; None stands for an intergenic side."""
    out = set()
    for patient, a, b, ig1, ig2, o in evs:
        if o is None:
            continue
        up, down, igu, igd = (b, a, ig2, ig1) if o == "2" else (a, b, ig1, ig2)
        ok_up = igu if up_gene is None else up == up_gene
        ok_down = igd if down_gene is None else down == down_gene
        if ok_up and ok_down:
            out.add(patient)
    return out


@pytest.fixture(scope="module")
def describes():
    """Per study, the describe JSON of one cohort per gene, and the counts of ordered queries."""
    import subprocess
    from conftest import binary, ROOT
    out = {}
    for study in STUDIES:
        lines = [f'load "../shared/data/{study}" as s']
        for g in GENES:
            lines += [f"let c_{g} = s where fusion {g}", f"describe c_{g}",
                      f"let u_{g} = s where fusion {g}::", f"let d_{g} = s where fusion ::{g}",
                      f"let ui_{g} = s where fusion {g}::-", f"let di_{g} = s where fusion -::{g}"]
        proc = subprocess.run([binary(), "run", "--format", "json", "--keep-going", "-"], input="\n".join(lines) + "\n",
                              capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert proc.returncode == 0, proc.stderr
        objs = [json.loads(l) for l in proc.stdout.splitlines() if l.strip()]
        out[study] = (objs, proc.stderr)
    return out


@pytest.mark.parametrize("study", STUDIES)
def test_partner_and_orientation_tables_match_an_independent_count(describes, study):
    objs, _ = describes[study]
    evs = events(study)
    tables = {}
    for o in objs:
        if o["kind"] == "describe":
            for t in o["alterations"].get("fusion_partners", []):
                tables[t["gene"]] = {p["partner"]: (p["patients"], p["events"], p["gene_upstream"], p["gene_downstream"],
                                                    p["orientation_unknown"]) for p in t["partners"]}
    for g in GENES:
        expected = partner_table(evs, g)
        assert tables.get(g, {}) == expected, (study, g)


@pytest.mark.parametrize("study", STUDIES)
def test_ordered_queries_count_known_orientations_only(describes, study):
    objs, _ = describes[study]
    evs = events(study)
    counts = {o["cohort"]: int(o["rows"]) for o in objs if o["kind"] == "message" and o["verb"] == "let"}
    for g in GENES:
        assert counts[f"c_{g}"] == len({e[0] for e in evs if g in (e[1], e[2])})
        up = {e[0] for e in evs if e[5] and ((e[1] == g and e[5] == "1") or (e[2] == g and e[5] == "2"))}
        down = {e[0] for e in evs if e[5] and ((e[2] == g and e[5] == "1") or (e[1] == g and e[5] == "2"))}
        assert counts[f"u_{g}"] == len(up), (study, g)
        assert counts[f"d_{g}"] == len(down), (study, g)
        assert counts[f"ui_{g}"] == len(ordered_patients(evs, g, None)), (study, g)
        assert counts[f"di_{g}"] == len(ordered_patients(evs, None, g)), (study, g)


def test_eml4_alk_in_msk_met_follows_the_braces(survql):
    """{EML4:ALK} puts EML4 at the 5' end: most EML4-ALK patients have ALK downstream."""
    r = survql("run", "--format", "json", "-", stdin='load "../shared/data/msk_met_2021" as m\n'
               "let a = m where fusion EML4::ALK\nlet b = m where fusion ALK::EML4\n")
    assert r.code == 0, r.err
    rows = {o["cohort"]: int(o["rows"]) for o in r.json_lines() if o["kind"] == "message" and o["verb"] == "let"}
    evs = events("msk_met_2021")
    assert rows["a"] == len(ordered_patients(evs, "EML4", "ALK")) and rows["a"] > 120
    assert rows["b"] == len(ordered_patients(evs, "ALK", "EML4")) and rows["b"] < 20
    # Events that state no order and whose strands do not settle it are reported, not guessed.
    assert "orientation the data do not settle" in r.err


def test_slc34a2_ros1_in_nsclc_is_ros1_downstream(survql):
    r = survql("-c", 'load "../shared/data/nsclc_pd1_msk_2018" as m; let a = m where fusion SLC34A2::ROS1; '
               'let b = m where fusion ROS1::SLC34A2')
    assert r.code == 0, r.err
    assert "a: 1 of 240 patients" in r.out and "b: 0 of 240 patients" in r.out


def test_intergenic_means_one_thing(survql):
    """describe's intergenic row = patients of G::- or -::G (+ unknown) = FUSION_INTERGENIC true."""
    r = survql("run", "--format", "json", "-", stdin='load "../shared/data/msk_met_2021" as m\n'
               "let a = m where fusion ALK\ndescribe a\nlet i = a where FUSION_INTERGENIC\n"
               "let j = m where fusion ALK::- or fusion -::ALK\n")
    assert r.code == 0, r.err
    objs = r.json_lines()
    rows = {o["cohort"]: int(o["rows"]) for o in objs if o["kind"] == "message" and o["verb"] == "let"}
    d = next(o for o in objs if o["kind"] == "describe")
    alk = next(t for t in d["alterations"]["fusion_partners"] if t["gene"] == "ALK")
    row = next(p for p in alk["partners"] if p["intergenic"])
    assert row["orientation_unknown"] == 0
    assert row["patients"] == rows["i"] == rows["j"]
    assert row["gene_upstream"] > 0 and row["gene_downstream"] > 0


def test_unknown_orientation_is_a_column_value_and_a_warning(survql):
    r = survql("-c", 'load "../shared/data/msk_met_2021" as m; let a = m where fusion ALK; describe a')
    assert r.code == 0, r.err
    m = re.search(r"the fusion orientation of (\d+) of 190 patients is unknown", r.err)
    assert m
    line = next(l for l in r.out.splitlines() if l.strip().startswith("FUSION_ORIENTATION"))
    assert f"unknown {m.group(1)}" in line
