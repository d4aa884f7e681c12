"""Differential test of the statistics beyond one hazard ratio (issue #18) against R: random data
sets with ties, censoring, delayed entry, strata, case weights and subgroups go through SurvQL
(`--format json`) and through R (fixtures/stats_oracle.R: cox.zph, survdiff(rho = 1), the
Fleming-Harrington formula by hand, summary(survfit, rmean = tau) with the survRM2 contrasts,
coxph/survfit with weights, per-subgroup coxph and the anova interaction test, the reverse
Kaplan-Meier follow-up). Every value must agree to relative 1e-6. Also: power against R's
closed forms, and the diagnostics for misuse.
"""
import json
import math
import random
import shutil
import subprocess

import pytest

from conftest import ROOT

ORACLE = ROOT / "Tests" / "e2e" / "fixtures" / "stats_oracle.R"
CASES = [
    # (seed, n, groups, delayed entry, strata, weights, subgroups)
    (11, 60, 2, False, False, False, False),
    (12, 400, 2, True, False, True, True),
    (13, 900, 3, False, True, True, True),
    (14, 3_000, 2, True, True, False, True),
    (15, 20_000, 2, False, False, True, False),
]

worst = {}


def rel(a, b):
    if a is None or b is None:
        return 0.0 if a is None and b is None else math.inf
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def close(name, a, b, tol=1e-6):
    d = rel(a, b)
    worst[name] = max(worst.get(name, 0.0), d)
    assert d < tol, (name, a, b)


def generate(path, seed, n, k, delayed, strata, weights, subgroups):
    rng = random.Random(seed)
    with open(path, "w") as f:
        cols = ["id", "time", "event", "group"] + (["entry"] if delayed else []) + (["strata"] if strata else []) \
            + (["w"] if weights else []) + (["sub"] if subgroups else []) + ["cat", "x1"]
        f.write("\t".join(cols) + "\n")
        for i in range(n):
            g = rng.randrange(k)
            s = rng.randrange(3)
            # Non-proportional hazards: group 1 has an early excess that fades.
            rate = 0.05 * math.exp(0.4 * g + 0.2 * s)
            t = rng.expovariate(rate)
            t = max(1.0, round(t))
            e = 0 if rng.random() < 0.3 else 1
            row = [f"p{i}", repr(t), str(e), f"g{g}"]
            if delayed:
                entry = round(rng.random() * 0.5 * t, 2) if rng.random() < 0.5 else 0.0
                row.append(repr(entry if entry < t else 0.0))
            if strata:
                row.append(str(rng.randrange(3)))
            if weights:
                row.append(repr(round(rng.uniform(0.2, 3.0), 3)))
            if subgroups:
                row.append(f"s{s}")
            row += ["abc"[rng.randrange(3)], repr(round(rng.gauss(0, 1), 4))]
            f.write("\t".join(row) + "\n")


def max_times(path, k):
    last = {}
    with open(path) as f:
        header = f.readline().rstrip("\n").split("\t")
        ti, gi = header.index("time"), header.index("group")
        for line in f:
            c = line.rstrip("\n").split("\t")
            last[c[gi]] = max(last.get(c[gi], 0.0), float(c[ti]))
    return min(last.values())


@pytest.mark.parametrize("case", CASES, ids=[f"n{c[1]}-seed{c[0]}" for c in CASES])
def test_against_r(survql, tmp_path, case):
    if shutil.which("Rscript") is None:
        pytest.fail("Rscript is not installed: run scripts/setup.sh")
    seed, n, k, delayed, strata, weights, subgroups = case
    path = tmp_path / "data.tsv"
    generate(path, seed, n, k, delayed, strata, weights, subgroups)
    tau = round(0.8 * max_times(path, k), 1)
    r = subprocess.run(["Rscript", str(ORACLE), str(path), f"--tau={tau}"], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    oracle = json.loads(r.stdout)
    ep = "time time event event" + (" entry entry" if delayed else "")
    st = " strata strata" if strata else ""
    q = [f'load "{path}" as d id id',
         f"survive d by group {ep}",
         f"compare d by group {ep}{st} check ph test peto rmst {tau}",
         f"compare d by group {ep}{st} test fleming(0, 1)"]
    if weights:
        q += [f"compare d by group {ep} weight w", f"survive d by group {ep} weight w"]
    if subgroups:
        q += [f"compare d by group {ep} within sub"]
    if strata and subgroups:
        q += [f'compare d by group {ep} adjust cat (reference "b"), group * x1 strata strata, sub']
    run = survql("-c", "\n".join(q), "--format", "json", timeout=600)
    assert run.code == 0, run.err
    out = run.json_lines()
    surv = [o for o in out if o["kind"] == "survival"]
    comps = [o for o in out if o["kind"] == "comparison"]

    fu = surv[0]["follow_up"]
    close("follow-up median", fu["median"], oracle["followup"]["median"])
    close("follow-up lower", fu["ci"][0], oracle["followup"]["lower"])
    close("follow-up upper", fu["ci"][1], oracle["followup"]["upper"])

    ph = comps[0]["ph"]
    rows = ph["terms"] + [ph["global"]]
    assert [r["term"] for r in rows][-1] == "GLOBAL" and oracle["ph"]["terms"][-1] == "GLOBAL"
    for mine, chisq, df, p in zip(rows, oracle["ph"]["chisq"], oracle["ph"]["df"], oracle["ph"]["p"]):
        close("cox.zph chisq", mine["chisq"], chisq)
        assert mine["df"] == df
        close("cox.zph p", mine["p"], p)
    assert ph["violated"] == (ph["global"]["p"] < 0.05)

    close("peto chisq", comps[0]["test"]["chisq"], oracle["peto"]["chisq"])
    close("peto p", comps[0]["test"]["p"], oracle["peto"]["p"])
    assert comps[0]["test"]["df"] == oracle["peto"]["df"]
    close("fleming(0,1) chisq", comps[1]["test"]["chisq"], oracle["fh01"]["chisq"])
    close("fleming(0,1) p", comps[1]["test"]["p"], oracle["fh01"]["p"])

    rm = comps[0]["rmst"]
    for g, rv, se in zip(rm["groups"], oracle["rmst"]["rmst"], oracle["rmst"]["se"]):
        close("rmst", g["rmst"], rv)
        close("rmst se", g["se"], se)
    for c, o in zip(rm["contrasts"], oracle["rmst"]["contrasts"]):
        close("rmst difference", c["difference"], o["difference"])
        close("rmst difference lower", c["difference_ci"][0], o["lower"])
        close("rmst difference p", c["difference_p"], o["p"])
        close("rmst ratio", c["ratio"], o["ratio"])
        close("rmst ratio upper", c["ratio_ci"][1], o["ratio_upper"])
        close("rmst ratio p", c["ratio_p"], o["ratio_p"])

    idx = 2
    if weights:
        wc = comps[idx]
        idx += 1
        assert wc["weight"] == "w" and wc["logrank"] is None
        assert wc["cox"]["robust"] == oracle["weighted"]["robust"]
        for t, coef, se in zip(wc["cox"]["terms"], oracle["weighted"]["coef"], oracle["weighted"]["se"]):
            close("weighted cox coef", t["coef"], coef)
            close("weighted cox se", t["se"], se)
        km = surv[1]
        assert km["weight"] == "w"
        for g, m, lo, hi in zip(km["groups"], oracle["weighted_km"]["median"], oracle["weighted_km"]["lower"], oracle["weighted_km"]["upper"]):
            close("weighted km median", g["median"], m)
            close("weighted km median lower", g["median_ci"][0], lo)
            close("weighted km median upper", g["median_ci"][1], hi)
    if subgroups:
        sg = comps[idx]["subgroups"]
        assert [r["level"] for r in sg["rows"]] == [w["level"] for w in oracle["within"]]
        for r, w in zip(sg["rows"], oracle["within"]):
            assert r["skipped"] is None
            for t, coef, se, p in zip(r["terms"], w["coef"], w["se"], w["p"]):
                close("subgroup coef", t["coef"], coef)
                close("subgroup se", t["se"], se)
                close("subgroup p", t["p"], p)
        close("interaction LR chisq", sg["interaction"]["chisq"], oracle["interaction"]["chisq"])
        assert sg["interaction"]["df"] == oracle["interaction"]["df"]
        close("interaction p", sg["interaction"]["p"], oracle["interaction"]["p"])
        idx += 1
    if strata and subgroups:
        cox = comps[idx]["cox"]
        ref = oracle["adjusted"]
        assert len(cox["terms"]) == len(ref["coef"])
        for t, coef, se in zip(cox["terms"], ref["coef"], ref["se"]):
            close("adjusted coef (reference level, interaction, 2 strata)", t["coef"], coef)
            close("adjusted se", t["se"], se)
        mine = {t["term"]: t for t in cox["term_tests"]}
        close("term Wald cat", mine["cat"]["chisq"], ref["wald_cat"]["chisq"])
        assert mine["cat"]["df"] == ref["wald_cat"]["df"]
        if k > 2:
            close("term Wald interaction", mine["group:x1"]["chisq"], ref["wald_interaction"]["chisq"])
            close("term Wald group", mine["group"]["chisq"], ref["wald_group"]["chisq"])


def test_power_against_r(survql):
    if shutil.which("Rscript") is None:
        pytest.fail("Rscript is not installed: run scripts/setup.sh")
    q = "\n".join(["power hr 1.6 ratio 10 patients 308 probability 0.7",
                   "power hr 0.7 ratio 2 events 120 alpha 0.01 target 0.9 method freedman",
                   "power hr 1.6 ratio 10 target 0.8"])
    out = survql("-c", q, "--format", "json").json_lines()
    r = subprocess.run(["Rscript", "-e", """
      s <- function(hr, d, a, k) { p <- 1/(1+k); pnorm(abs(log(hr)) * sqrt(d*p*(1-p)) - qnorm(1-a/2)) }
      se <- function(hr, pw, a, k) { p <- 1/(1+k); (qnorm(1-a/2)+qnorm(pw))^2 / (p*(1-p)*log(hr)^2) }
      f <- function(hr, d, a, k) pnorm(abs(hr-1)*sqrt(d*k)/(hr+k) - qnorm(1-a/2))
      fe <- function(hr, pw, a, k) (qnorm(1-a/2)+qnorm(pw))^2*(hr+k)^2/(k*(hr-1)^2)
      cat(sprintf('%.17g', c(s(1.6, 308*0.7, 0.05, 10), se(1.6, 0.8, 0.05, 10), se(1.6, 0.8, 0.05, 10)/0.7,
                             f(0.7, 120, 0.01, 2), fe(0.7, 0.9, 0.01, 2), se(1.6, 0.8, 0.05, 10))), sep = '\\n')
    """], capture_output=True, text=True, timeout=120)
    ref = [float(x) for x in r.stdout.split()]
    close("power schoenfeld", out[0]["power"], ref[0], 1e-12)
    close("events needed schoenfeld", out[0]["events_needed"], ref[1], 1e-12)
    close("patients needed schoenfeld", out[0]["patients_needed"], ref[2], 1e-12)
    close("power freedman", out[1]["power"], ref[3], 1e-12)
    close("events needed freedman", out[1]["events_needed"], ref[4], 1e-12)
    close("events needed, no events given", out[2]["events_needed"], ref[5], 1e-12)
    assert out[2]["power"] is None


@pytest.mark.parametrize("query,needle", [
    ("compare d by group time time event event rmst 1000", "run.rmstBeyondFollowUp"),
    ("compare d by group time time event event weight neg", "run.badWeight"),
    ("survive d by group time time event event weight neg", "run.badWeight"),
    ("compare d by group time time event event check zph", "check.badWord"),
    ("compare d by group time time event event test wilcoxon", "check.badWord"),
    ("compare d by group time time event event test fleming", "check.badWord"),
    ("compare d by group time time event event rmst -3", "check.badNumber"),
    ("power ratio 2 events 40", "check.missingOption"),
    ("power hr 1.6 patients 300", "check.missingOption"),
    ("power hr 1.6 alpah 0.05", "check.unknownOption"),
    ("power hr 1.6 events 10 patients 30 probability 0.5", "check.powerConflict"),
])
def test_misuse_is_a_located_diagnostic(survql, tmp_path, query, needle):
    path = tmp_path / "d.tsv"
    path.write_text("id\ttime\tevent\tgroup\tneg\n" + "".join(
        f"p{i}\t{i + 1}\t{i % 2}\t{'ab'[i % 2]}\t{-1 if i == 3 else 1}\n" for i in range(20)))
    run = survql("-c", f'load "{path}" as d id id\n{query}', "--format", "json")
    assert run.code == 1, run.out + run.err
    errors = [o for o in run.json_lines() if o["kind"] == "error"]
    assert errors and errors[0]["diagnostic"]["id"] == needle, run.out
    assert errors[0]["diagnostic"]["line"] == 2 and errors[0]["diagnostic"]["column"] > 1


def test_default_weight_after_matching_with_replacement(survql):
    q = "\n".join(["load demo ntrk as rwd",
                   "match rwd by fusion NTRK1|NTRK2|NTRK3 ratio 2 on age, stage with replacement as m",
                   "compare m by fusion entry months_to_test",
                   "match rwd by fusion NTRK1|NTRK2|NTRK3 ratio 2 on age, stage as m2",
                   "compare m2 by fusion entry months_to_test"])
    run = survql("-c", q, "--format", "json")
    assert run.code == 0, run.err
    comps = [o for o in run.json_lines() if o["kind"] == "comparison"]
    assert comps[0].get("weight") == "weight"
    assert "weight" not in comps[1]
    assert "using the column 'weight'" in run.err


def test_report_worst_differences():
    """Prints the largest relative difference per quantity over all cases (run after the cases)."""
    for name in sorted(worst):
        print(f"{name:32s} {worst[name]:.3g}")
