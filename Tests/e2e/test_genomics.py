"""`prevalence` and `associate` on the real studies agree with R (fixtures/genomics.json, made by
fixtures/genomics.R from the raw files) to relative 1e-6, and prevalence positives equal an
independent count over the raw data_sv.txt."""
import json
import math
import pathlib

import pytest

from conftest import ROOT, SHARED
from test_studies import independent_counts

FIXTURE = json.loads((pathlib.Path(__file__).parent / "fixtures" / "genomics.json").read_text())
IMPACT = SHARED / "data" / "msk_impact_2017"
PD1 = SHARED / "data" / "nsclc_pd1_msk_2018"
FUSION = "fusion ALK|ROS1|NTRK1|NTRK2|NTRK3"


def close(a, b, rel=1e-6):
    if b is None or a is None:
        return a is None and b is None
    if isinstance(b, str):  # "Inf"
        return a is not None and math.isinf(a)
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-300)


def results(survql, statements, kind):
    r = survql("--format", "json", "-c", statements)
    assert r.code == 0, r.err
    return [x for x in r.json_lines() if x["kind"] == kind]


def check_rows(rows, expected):
    by_name = {r["variable"]: r for r in rows}
    for e in expected:
        got = by_name[e["variable"]]
        assert got["test"] == e["test"], (e["variable"], got["test"])
        for key in ("statistic", "df", "p", "q", "odds_ratio"):
            if key in e:
                assert close(got[key], e[key]), (e["variable"], key, got[key], e[key])
        if "odds_ratio_ci" in e:
            for a, b in zip(got["odds_ratio_ci"], e["odds_ratio_ci"]):
                assert close(a, b), (e["variable"], "odds_ratio_ci", got["odds_ratio_ci"], e["odds_ratio_ci"])


@pytest.mark.parametrize("method", ["wilson", "exact"])
def test_prevalence_matches_r_and_raw_counts(survql, method):
    [p] = results(survql, f'load "{IMPACT}" as impact; prevalence impact of fusion ALK, fusion ROS1, '
                          f'fusion NTRK1|NTRK2|NTRK3 method {method}', "prevalence")
    patients, _, raw = independent_counts(IMPACT)
    raw_positive = {"fusion ALK": raw["ALK"], "fusion ROS1": raw["ROS1"]}
    assert [r["positive"] for r in p["rows"]] == [49, 40, 21]
    for row, e in zip(p["rows"], FIXTURE["impact_prevalence"]):
        assert row["alteration"] == e["alteration"]
        assert row["n"] == e["n"] == len(patients)
        assert row["positive"] == e["positive"]
        if row["alteration"] in raw_positive:
            assert row["positive"] == raw_positive[row["alteration"]]
        assert close(row["proportion"], e["proportion"])
        for a, b in zip(row["ci"], e[method]):
            assert close(a, b), (row["alteration"], method, row["ci"], e[method])


def test_associate_fusion_status_matches_r(survql):
    [a] = results(survql, f'load "{IMPACT}" as impact; associate impact {FUSION} with SEX, SMOKING_HISTORY, TMB_NONSYNONYMOUS',
                  "association")
    assert [g["label"] for g in a["group_sizes"]] == ["positive", "negative"]
    assert a["group_sizes"][0]["n"] == 110
    check_rows(a["rows"], FIXTURE["impact_associate"])


def test_fisher_on_request_matches_r(survql):
    [a] = results(survql, f'load "{IMPACT}" as impact; associate impact {FUSION} with SEX test fisher', "association")
    check_rows(a["rows"], [FIXTURE["impact_fisher_sex"]])
    assert a["rows"][0]["odds_ratio_contrast"] == "Female vs Male"


def test_grouping_by_a_column_uses_kruskal_wallis(survql):
    [a] = results(survql, f'load "{IMPACT}" as impact; associate impact SMOKING_HISTORY with TMB_NONSYNONYMOUS, SEX', "association")
    check_rows(a["rows"], FIXTURE["impact_by_smoking"])


def test_pdl1_and_cna_burden_match_r(survql):
    out = results(survql, f'load "{PD1}" as pd1; associate pd1 fusion ALK|ROS1|RET|NTRK1|NTRK2|NTRK3 with PDL1_SCORE, CNA_BURDEN, SEX',
                  "association")
    check_rows(out[0]["rows"], FIXTURE["pd1_associate"])
    [d] = results(survql, f'load "{PD1}" as pd1; describe pd1', "describe")
    burden = next(c for c in d["columns"] if c["name"] == "CNA_BURDEN")
    e = FIXTURE["pd1_cna_burden"]
    assert d["patients"] - burden["missing"] == e["n"]
    assert close(burden["summary"]["mean"], e["mean"]) and close(burden["summary"]["max"], e["max"])


def test_monte_carlo_fisher_is_reproducible_and_labelled(survql):
    q = f'load "{IMPACT}" as impact; associate impact {FUSION} with CANCER_TYPE'
    [a] = results(survql, q, "association")
    [b] = results(survql, q, "association")
    row = a["rows"][0]
    assert row["test"] == "fisher_simulated" and row["p"] == b["rows"][0]["p"]
    assert 0 < row["p"] <= 1 / 10001 * 2  # the observed table is far in the tail
    assert len(row["levels"]) == len(row["counts"]) and sum(map(sum, row["counts"])) == 10336


def test_plot_writes_an_svg_with_one_curve_per_group(survql, tmp_path):
    import xml.etree.ElementTree as ET
    out = tmp_path / "km.svg"
    r = survql("-c", f'load "{IMPACT}" as impact; plot survival impact by {FUSION} to "{out}"')
    assert r.code == 0, r.err
    root = ET.parse(out).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    curves = [p for p in root.iter(ns + "path") if p.get("class") == "curve" and p.get("stroke-width") == "2"]
    assert len(curves) == 2
    text = " ".join(t.text or "" for t in root.iter(ns + "text"))
    assert "negative (n = 7479" in text and "positive (n = 95" in text
    bad = survql("-c", f'load "{IMPACT}" as impact; plot survival impact to "{tmp_path / "km.gif"}"')
    assert bad.code == 1 and "SVG" in bad.err
