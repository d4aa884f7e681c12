"""Batch mode through a pipe: results on stdout, diagnostics on stderr, exit codes, JSON schema."""
import math

from conftest import ROOT, SHARED


def close(a, b, rel=1e-9):
    return a is not None and b is not None and math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


def test_lung_numbers_equal_r(survql, reference):
    run = survql("run", "--format", "json", "examples/lung.survql")
    assert run.code == 0, run.err
    results = run.json_lines()
    assert [r["kind"] for r in results] == ["message", "survival", "comparison", "comparison"]
    for r in results:
        assert {"statement", "line", "kind"} <= r.keys()
    surv = results[1]
    assert surv["statement"] == 2 and surv["line"] == 5
    assert surv["endpoint"]["time"] == "time" and surv["endpoint"]["event"] == "status" and surv["endpoint"]["entry"] is None
    km = reference["lung_km_sex"]["groups"]
    for group, key in zip(surv["groups"], ["sex=1", "sex=2"]):
        expected = km[key]
        assert close(group["median"], expected["median"])
        assert close(group["median_ci"][0], expected["median_lcl"]) and close(group["median_ci"][1], expected["median_ucl"])
        assert group["n"] == expected["n"] and group["events"] == expected["events"]
        curve = group["curve"]
        assert curve[0].keys() >= {"time", "n_risk", "n_event", "n_censor", "survival", "lower", "upper"}
        assert [p["time"] for p in curve] == expected["curve"]["time"]
        assert [p["n_risk"] for p in curve] == expected["curve"]["n_risk"]
        for p, s, lo, hi in zip(curve, expected["curve"]["surv"], expected["curve"]["lower"], expected["curve"]["upper"]):
            assert close(p["survival"], s) and close(p["lower"], lo) and close(p["upper"], hi)
        at = {a["time"]: a for a in group["at"]}
        for t, s, lo, hi, nr in zip(expected["at_times"]["time"], expected["at_times"]["surv"], expected["at_times"]["lower"],
                                    expected["at_times"]["upper"], expected["at_times"]["n_risk"]):
            assert close(at[t]["survival"], s) and close(at[t]["lower"], lo) and close(at[t]["upper"], hi) and at[t]["at_risk"] == nr
    comp = results[2]
    lr = reference["lung_logrank_sex"]
    assert close(comp["logrank"]["chisq"], lr["chisq"]) and close(comp["logrank"]["p"], lr["p"])
    cox = reference["lung_cox_sex"]
    term = comp["cox"]["terms"][0]
    assert [g["observed"] for g in comp["groups"]] == lr["observed"]
    assert all(close(g["expected"], e) for g, e in zip(comp["groups"], lr["expected"]))
    assert close(term["hr"], cox["hr"][0]) and close(term["hr_ci"][0], cox["hr_lower95"][0]) and close(term["hr_ci"][1], cox["hr_upper95"][0])
    assert close(term["se"], cox["se"][0]) and close(term["p"], cox["p_wald"][0]) and close(term["coef"], cox["coef"][0])
    assert close(comp["cox"]["lr"]["chisq"], cox["lrt"]["stat"]) and close(comp["cox"]["score"]["chisq"], cox["score"]["stat"])
    assert close(comp["cox"]["wald"]["chisq"], cox["wald"]["stat"]) and close(comp["cox"]["concordance"], cox["concordance"]["C"])
    assert close(comp["cox"]["concordance_se"], cox["concordance"]["se"])
    adjusted = results[3]["cox"]
    ref3 = reference["lung_cox_sex_age_ecog"]
    assert [t["term"] for t in adjusted["terms"]] == ["sex=2", "age", "ph.ecog"]
    for t, hr in zip(adjusted["terms"], ref3["hr"]):
        assert close(t["hr"], hr)


def test_stdin_and_command_line_match_run(survql):
    text = (ROOT / "examples" / "lung.survql").read_text()
    a = survql("run", "examples/lung.survql")
    b = survql(stdin=text)
    assert a.code == 0 and b.code == 0
    assert a.out == b.out
    c = survql("-c", "load demo ntrk as r; describe r", "--format", "json")
    assert c.code == 0, c.err
    kinds = [r["kind"] for r in c.json_lines()]
    assert kinds == ["message", "describe"]


def test_unknown_column_is_a_diagnostic_with_position(survql, tmp_path):
    q = tmp_path / "q.survql"
    q.write_text('load "%s/reference/data/lung.tsv" as lung id row\nsurvive lung by sexx time time event status\n' % SHARED)
    run = survql("run", str(q))
    assert run.code == 1
    assert f"{q}:2:17: error: unknown column 'sexx' in 'lung'; did you mean 'sex'?" in run.err
    assert run.out.startswith("loaded lung")
    js = survql("run", "--format", "json", str(q))
    err = js.json_lines()[-1]
    assert err["kind"] == "error" and err["statement"] == 2
    assert err["diagnostic"]["id"] == "run.unknownColumn"
    assert (err["diagnostic"]["line"], err["diagnostic"]["column"]) == (2, 17)


def test_exit_codes(survql, tmp_path):
    assert survql("run", "no/such/file.survql").code == 2
    assert survql("--no-such-flag").code == 2
    bad = tmp_path / "bad.survql"
    bad.write_text("surive x\n")
    r = survql("check", str(bad))
    assert r.code == 1 and "did you mean 'survive'" in r.err
    ok = survql("check", *[str(p) for p in sorted((ROOT / "examples").glob("*.survql"))])
    assert ok.code == 0, ok.err
    assert survql("--version").code == 0


def test_keep_going_runs_later_statements(survql):
    q = "load demo ntrk as r\ndescribe nope\ndescribe r\n"
    stop = survql("-c", q, "--format", "json")
    assert stop.code == 1
    going = survql("-c", q, "--format", "json", "--keep-going")
    assert going.code == 1
    assert [r["kind"] for r in going.json_lines()] == ["error", "message", "describe"] or \
        [r["kind"] for r in going.json_lines()][-1] == "describe"


def test_csv_output(survql):
    r = survql("run", "--format", "csv", "examples/lung.survql")
    assert r.code == 0
    # One long-format table (README, "CSV output"): the header once, then survival rows.
    lines = r.out.splitlines()
    assert lines[0] == "statement,kind,name,group,term,quantity,value,lower,upper"
    assert lines.count(lines[0]) == 1
    assert any(l.startswith("2,survival,lung,") and ",median," in l for l in lines)
