"""`match` against MatchIt 4.7.2 (the default match_rule) on random data, through the real binary.

Random cohorts with numeric and categorical covariates, and categorical-only covariates (few
distinct propensity scores, so many ties between controls); ratio 1..10, with and without a
caliper, exact strata and replacement. The matched sets (treated id -> set of control ids) must be
identical to R's `matchit(..., method = "nearest")` from the MatchIt 4.7.2 that scripts/setup.sh
installs into its own library (SURVQL_MATCHIT_LIB, default /opt/R-matchit-4.7.2).
"""
import json
import os
import pathlib
import random
import shutil
import subprocess

import pytest

HERE = pathlib.Path(__file__).resolve().parent
ORACLE = HERE / "fixtures" / "matchit_oracle.R"


def matchit_lib():
    for p in (os.environ.get("SURVQL_MATCHIT_LIB"), "/opt/R-matchit-4.7.2",
              os.path.expanduser("~/.cache/R-matchit-4.7.2")):
        if p and (pathlib.Path(p) / "MatchIt").is_dir():
            return p
    return None


def generate(path, seed, n, categorical_only):
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        stage = rng.choice(["I", "II", "III", "IV"])
        sex = rng.choice(["F", "M"])
        ecog = rng.choice([0, 1, 2])
        age = rng.randint(30, 85) if not categorical_only else 0
        lin = -1.8 + 0.5 * (stage == "IV") + 0.3 * (sex == "F") + 0.4 * ecog + (0.02 * (age - 60) if age else 0)
        p = 1 / (1 + pow(2.718281828, -lin))
        t = 1 if rng.random() < p else 0
        rows.append((f"P{i:04d}", t, stage, sex, ecog, age))
    with open(path, "w") as f:
        f.write("id\ttreat\tstage\tsex\tecog\tage\n")
        for r in rows:
            f.write("\t".join(str(x) for x in r) + "\n")


CASES = []
for seed in range(1, 4):
    for ratio in (1, 2, 3, 5, 10):
        CASES.append(dict(seed=seed, ratio=ratio, caliper=None, exact=None, replace=False, cat=seed != 2))
    CASES.append(dict(seed=seed, ratio=2, caliper=0.1, exact=None, replace=False, cat=False))
    CASES.append(dict(seed=seed, ratio=4, caliper=0.25, exact="sex", replace=False, cat=seed != 1))
    CASES.append(dict(seed=seed, ratio=3, caliper=None, exact="stage", replace=True, cat=True))
    CASES.append(dict(seed=seed, ratio=7, caliper=0.5, exact=None, replace=True, cat=False))
    CASES.append(dict(seed=seed, ratio=1, caliper=None, exact="sex", replace=False, cat=True))


def ident(c):
    return "s{seed}_r{ratio}_cal{caliper}_ex{exact}_rep{replace}_cat{cat}".format(**c)


@pytest.mark.parametrize("case", CASES, ids=[ident(c) for c in CASES])
def test_matched_sets_equal_matchit_472(survql, tmp_path, case):
    lib = matchit_lib()
    if shutil.which("Rscript") is None or lib is None:
        pytest.fail("MatchIt 4.7.2 is not installed: run scripts/setup.sh")
    data = tmp_path / "cohort.tsv"
    generate(data, case["seed"], 400, case["cat"])
    covs = ["stage", "sex", "ecog"] + ([] if case["cat"] else ["age"])
    if case["exact"]:
        covs = [c for c in covs if c != case["exact"]]
    clause = f"match d by treat = 1 ratio {case['ratio']}"
    if case["exact"]:
        clause += f" exact {case['exact']}"
    clause += " on " + ", ".join(covs)
    if case["caliper"] is not None:
        clause += f" caliper {case['caliper']}"
    if case["replace"]:
        clause += " with replacement"
    clause += " as m"
    r = survql("--format", "json", "-c", f'load "{data}" as d id id; {clause}')
    assert r.code == 0, r.err
    res = next(o for o in r.json_lines() if o["kind"] == "match")
    ours = {s["treated"]: sorted(s["controls"]) for s in res["sets"]}

    spec = dict(data=str(data), covariates=covs, ratio=case["ratio"], caliper=case["caliper"],
                exact=case["exact"], replace=case["replace"], lib=lib)
    spec_path = tmp_path / "spec.json"
    spec_path.write_text(json.dumps(spec))
    out = subprocess.run(["Rscript", str(ORACLE), str(spec_path)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    theirs = {k: sorted(v) for k, v in json.loads(out.stdout)["sets"].items() if v}
    assert json.loads(out.stdout)["version"] == "4.7.2"
    assert ours == theirs


def test_replacement_with_legacy_rule_warns_about_repeated_controls(survql, tmp_path):
    data = tmp_path / "cohort.tsv"
    generate(data, 7, 300, False)
    r = survql("-c", f'load "{data}" as d id id; set match_rule "matchit-4.5.1"; '
               "match d by treat = 1 ratio 3 on stage, sex, ecog, age with replacement as m; describe m")
    assert r.code == 0, r.err
    assert "got the same control more than once" in r.err
    assert "'weight' column" in r.err


def test_matched_cohort_has_treated_match_id_and_weight(survql, tmp_path):
    data = tmp_path / "cohort.tsv"
    generate(data, 3, 300, False)
    r = survql("--format", "json", "-c", f'load "{data}" as d id id; '
               "match d by treat = 1 ratio 2 on stage, sex, ecog, age as m; describe m")
    assert r.code == 0, r.err
    d = next(o for o in r.json_lines() if o["kind"] == "describe")
    names = [c["name"] for c in d["columns"]]
    assert {"match_id", "weight", "treated"} <= set(names)
    m = next(o for o in r.json_lines() if o["kind"] == "match")
    treated = next(c for c in d["columns"] if c["name"] == "treated")
    assert str(m["matched_treated"]) in json.dumps(treated)
