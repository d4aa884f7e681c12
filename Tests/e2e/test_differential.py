"""Differential test against R: random data sets (ties, heavy censoring, delayed entry, strata,
3 groups, covariates; sizes from 1 to 10^5) go through SurvQL (`survql --format json`) and
through R's survival package (../shared/reference/oracle.R); the largest relative difference
per quantity is printed and must stay below 1e-6. Needs R with survival (scripts/setup.sh
installs it); without R the test fails rather than passing silently.
"""
import json
import math
import random
import shutil
import subprocess

import pytest

from conftest import SHARED

ORACLE = SHARED / "reference" / "oracle.R"
CASES = [
    # (seed, n, groups, ties, censoring, delayed entry, strata)
    (1, 1, 1, True, 0.3, False, False),
    (2, 2, 2, True, 0.0, False, False),
    (3, 7, 2, True, 0.5, False, False),
    (4, 40, 3, True, 0.3, False, True),
    (5, 150, 2, False, 0.8, False, False),
    (6, 300, 3, True, 0.2, True, False),
    (7, 2_000, 2, True, 0.4, True, True),
    (8, 20_000, 3, True, 0.6, False, True),
    (9, 100_000, 2, True, 0.3, True, False),
]

worst = {}


def rel(a, b):
    if a is None or b is None:
        return 0.0 if a is None and b is None else math.inf
    if isinstance(a, str) or isinstance(b, str):
        return 0.0 if str(a) == str(b) else math.inf
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def record(name, a, b):
    d = rel(a, b)
    worst[name] = max(worst.get(name, 0.0), d)
    return d


def generate(path, seed, n, k, ties, censoring, delayed, strata):
    rng = random.Random(seed)
    with open(path, "w") as f:
        cols = ["id", "time", "event", "group"] + (["entry"] if delayed else []) + (["strata"] if strata else []) + ["x1", "x2"]
        f.write("\t".join(cols) + "\n")
        for i in range(n):
            g = rng.randrange(k)
            x1 = rng.gauss(0, 1)
            x2 = rng.randrange(2)
            t = rng.expovariate(0.05 * math.exp(0.3 * g + 0.2 * x1 - 0.3 * x2))
            t = max(1.0, round(t)) if ties else t + 0.01
            e = 0 if rng.random() < censoring else 1
            row = [f"p{i}", repr(t), str(e), f"g{g}"]
            if delayed:
                entry = round(rng.random() * 0.5 * t, 2) if rng.random() < 0.5 else 0.0
                if entry >= t:
                    entry = 0.0
                row.append(repr(entry))
            if strata:
                row.append(str(rng.randrange(3)))
            row += [repr(x1), str(x2)]
            f.write("\t".join(row) + "\n")


@pytest.mark.parametrize("case", CASES, ids=[f"n{c[1]}-seed{c[0]}" for c in CASES])
def test_against_r(survql, tmp_path, case):
    if shutil.which("Rscript") is None:
        pytest.fail("Rscript is not installed: run scripts/setup.sh")
    seed, n, k, ties, censoring, delayed, strata = case
    path = tmp_path / "data.tsv"
    generate(path, seed, n, k, ties, censoring, delayed, strata)
    r = subprocess.run(["Rscript", str(ORACLE), str(path)], capture_output=True, text=True, timeout=600)
    oracle = json.loads(r.stdout)
    ep = "time time event event" + (" entry entry" if delayed else "")
    st = " strata strata" if strata else ""
    q = f'load "{path}" as d id id\nsurvive d by group {ep}\ncompare d by group {ep}{st}\ncompare d by group {ep}{st} adjust x1, x2'
    run = survql("-c", q, "--format", "json", "--keep-going", timeout=600)
    out = run.json_lines()
    surv = next((o for o in out if o["kind"] == "survival"), None)
    assert surv is not None, run.err
    if "error" in oracle:
        return
    for rg, sg in zip(oracle["groups"], surv["groups"]):
        assert sg["label"] == rg["group"]
        assert sg["n"] == rg["n"]
        assert record("events", sg["events"], rg["events"]) < 1e-9
        for key, rv, sv in (("median", rg["median"], sg["median"]), ("median_lcl", rg["median_lcl"], sg["median_ci"][0]),
                            ("median_ucl", rg["median_ucl"], sg["median_ci"][1])):
            assert record(key, sv, rv) < 1e-6, (key, sv, rv)
    comps = [o for o in out if o["kind"] == "comparison"]
    if oracle.get("logrank") and comps:
        assert record("logrank chisq", comps[0]["logrank"]["chisq"], oracle["logrank"]["chisq"]) < 1e-6
        assert record("logrank p", comps[0]["logrank"]["p"], oracle["logrank"]["p"]) < 1e-6
        for o, e in zip(comps[0]["groups"], oracle["logrank"]["expected"]):
            assert record("logrank expected", o["expected"], e) < 1e-6
    for model, comp in (("cox", comps[0] if comps else None), ("cox_adjusted", comps[1] if len(comps) > 1 else None)):
        rc = oracle.get(model)
        if not rc or not rc.get("coef") or comp is None or comp.get("cox") is None:
            continue
        terms = comp["cox"]["terms"]
        assert len(terms) == len(rc["coef"])
        if not comp["cox"]["converged"]:
            # Numbers of a fit that did not converge are not estimates; both must say so.
            assert any("did not converge" in w for w in oracle.get("warnings") or []), oracle.get("warnings")
            worst["non-converged fits (flagged by both)"] = 0.0
            continue
        for t, coef, se, p, lo in zip(terms, rc["coef"], rc["se"], rc["p_wald"], rc["hr_lower"]):
            assert record(f"{model} coef", t["coef"], coef) < 1e-6, (t, coef)
            assert record(f"{model} se", t["se"], se) < 1e-6
            assert record(f"{model} p", t["p"], p) < 1e-6
            assert record(f"{model} hr lower", t["hr_ci"][0], lo) < 1e-6
        for key in ("lrt", "wald", "score"):
            mine = comp["cox"]["lr" if key == "lrt" else key]
            theirs = rc[key]
            assert record(f"{model} {key}", mine["chisq"], theirs["stat"] if isinstance(theirs, dict) else theirs) < 1e-6
        cc = rc["concordance"]
        assert record(f"{model} concordance", comp["cox"]["concordance"], cc["C"] if isinstance(cc, dict) else cc) < 1e-6


def test_report_worst_differences():
    """Prints the largest relative difference per quantity over all cases (run after the cases)."""
    for name in sorted(worst):
        print(f"{name:28s} {worst[name]:.3g}")
