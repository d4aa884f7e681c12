"""Output other tools can read: every example's JSON validates against grammar/results.schema.json;
`--format csv` is one long-format table (Python's csv module and R's read.csv read it);
`--output-dir` writes one tidy CSV per result."""
import csv
import io
import json
import shutil
import subprocess

import pytest

from conftest import ROOT

SCHEMA = json.loads((ROOT / "grammar" / "results.schema.json").read_text())
EXAMPLES = sorted((ROOT / "examples").glob("*.survql"))
EXTRA = ('load demo ntrk as r\nsurvive r by sex at 12 every 12 rmean 24\nprevalence r of fusion NTRK1 by sex\n'
         'associate r fusion ALK with sex, age\nlet f = r where fusion ALK\ndescribe f\n'
         'compare r by sex adjust age\nsurvive nothere\n')


def validate(value, schema, root, path="$"):
    """A small JSON Schema validator: type, const, enum, properties, required, items, minItems,
    maxItems, anyOf, oneOf and local $ref; enough for results.schema.json. Returns error strings."""
    if "$ref" in schema:
        ref = schema["$ref"]
        assert ref.startswith("#/")
        target = root
        for part in ref[2:].split("/"):
            target = target[part]
        return validate(value, target, root, path)
    errors = []
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        ok = False
        for t in types:
            ok |= {"object": isinstance(value, dict), "array": isinstance(value, list), "string": isinstance(value, str),
                   "boolean": isinstance(value, bool), "null": value is None,
                   "integer": isinstance(value, int) and not isinstance(value, bool),
                   "number": isinstance(value, (int, float)) and not isinstance(value, bool)}[t]
        if not ok:
            return [f"{path}: {value!r} is not of type {types}"]
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: {value!r} != {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in {schema['enum']}")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{path}: missing '{key}'")
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                errors += validate(value[key], sub, root, f"{path}.{key}")
    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            errors.append(f"{path}: fewer than {schema['minItems']} items")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            errors.append(f"{path}: more than {schema['maxItems']} items")
        if "items" in schema:
            for i, x in enumerate(value):
                errors += validate(x, schema["items"], root, f"{path}[{i}]")
    if "anyOf" in schema:
        if all(validate(value, s, root, path) for s in schema["anyOf"]):
            errors.append(f"{path}: matches none of anyOf")
    if "oneOf" in schema:
        n = sum(1 for s in schema["oneOf"] if not validate(value, s, root, path))
        if n != 1:
            errors.append(f"{path}: matches {n} of oneOf")
    return errors


def test_the_validator_rejects_what_it_should():
    assert validate({"statement": 1, "line": 1, "kind": "message", "verb": "load"}, SCHEMA, SCHEMA)
    assert validate({"statement": 1, "line": 1, "kind": "nonsense"}, SCHEMA, SCHEMA)
    assert not validate({"statement": 1, "line": 1, "kind": "message", "verb": "load", "message": "x"}, SCHEMA, SCHEMA)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_every_example_json_line_validates(survql, example):
    r = survql("run", "--format", "json", "--keep-going", str(example), timeout=300)
    lines = r.json_lines()
    assert lines
    for obj in lines:
        assert validate(obj, SCHEMA, SCHEMA) == [], (example.name, obj.get("kind"), obj.get("statement"))


def test_every_kind_validates(survql):
    r = survql("run", "--format", "json", "--keep-going", "-", stdin=EXTRA, timeout=300)
    objs = r.json_lines()
    kinds = {o["kind"] for o in objs}
    assert {"survival", "prevalence", "association", "describe", "comparison", "message", "error"} <= kinds
    for obj in objs:
        assert validate(obj, SCHEMA, SCHEMA) == [], obj.get("kind")


def long_csv(survql):
    r = survql("run", "--format", "csv", "--keep-going", str(ROOT / "examples" / "ntrk_real_world.survql"), timeout=300)
    assert r.code == 0, r.err
    return r.out


def test_csv_on_stdout_is_one_long_table(survql):
    text = long_csv(survql)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["statement", "kind", "name", "group", "term", "quantity", "value", "lower", "upper"]
    assert all(len(r) == 9 for r in rows)
    assert sum(1 for r in rows if r[0] == "statement") == 1
    kinds = {r[1] for r in rows[1:]}
    assert {"match", "survival", "comparison"} <= kinds
    # Counts are integers; comparisons carry each group's median and CI.
    for r in rows[1:]:
        if r[5] in ("n", "events", "at_risk", "treated", "controls"):
            assert r[6].isdigit(), r
    medians = [r for r in rows if r[1] == "comparison" and r[5] == "median"]
    assert {r[3] for r in medians} == {"negative", "positive"}
    assert all(float(r[7]) <= float(r[6]) <= float(r[8]) for r in medians)


def test_r_reads_the_long_csv(survql, tmp_path):
    if shutil.which("Rscript") is None:
        pytest.fail("Rscript is not installed: run scripts/setup.sh")
    p = tmp_path / "out.csv"
    text = long_csv(survql)
    p.write_text(text)
    # R must find every comparison median that Python's csv module finds (two groups per comparison).
    medians = sum(1 for r in csv.reader(io.StringIO(text)) if r[1] == "comparison" and r[5] == "median")
    assert medians >= 4
    code = (f'd <- read.csv("{p}", stringsAsFactors = FALSE); '
            'stopifnot(identical(names(d), c("statement","kind","name","group","term","quantity","value","lower","upper"))); '
            f'm <- d[d$kind == "comparison" & d$quantity == "median", ]; stopifnot(nrow(m) == {medians}, is.numeric(d$value)); '
            'cat(nrow(d), "\\n")')
    out = subprocess.run(["Rscript", "-e", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.split()[0]) == len(list(csv.reader(io.StringIO(long_csv(survql))))) - 1


def test_output_dir_writes_one_tidy_csv_per_result(survql, tmp_path):
    d = tmp_path / "out"
    r = survql("run", "--output-dir", str(d), "--keep-going", str(ROOT / "examples" / "ntrk_real_world.survql"), timeout=300)
    assert r.code == 0, r.err
    names = sorted(p.name for p in d.iterdir())
    assert names == ["03_match_matched.csv", "04_survival_matched.csv", "05_comparison_matched.csv", "06_comparison_matched.csv",
                     "07_comparison_matched.csv", "08_comparison_matched.csv", "09_power_power.csv", "10_power_matched.csv"]
    comp = list(csv.DictReader(open(d / "05_comparison_matched.csv")))
    groups = [row for row in comp if row["row"] == "group"]
    assert [g["label"] for g in groups] == ["negative", "positive"]
    for g in groups:
        assert g["n"].isdigit() and g["events"].isdigit()
        assert float(g["median_lower"]) <= float(g["median"]) <= float(g["median_upper"])
    term = next(row for row in comp if row["row"] == "cox_term")
    assert float(term["hr_lower"]) <= float(term["hazard_ratio"]) <= float(term["hr_upper"])
    surv = list(csv.DictReader(open(d / "04_survival_matched.csv")))
    assert {"cohort", "group", "time", "survival", "survival_lower", "survival_upper", "at_risk"} <= set(surv[0])
    if shutil.which("Rscript"):
        out = subprocess.run(["Rscript", "-e", f'd <- read.csv("{d / "05_comparison_matched.csv"}"); '
                              'stopifnot(is.numeric(d$median), is.integer(d$n)); cat("ok")'],
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0 and out.stdout == "ok", out.stderr
