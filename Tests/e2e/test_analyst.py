"""What a new analyst hit (issue 12): unknown genes, numbers at risk with delayed entry,
describe's delayed-entry flag. Each on the real studies or the issue's own example."""
import json

from conftest import SHARED


def test_unknown_gene_is_an_error_with_did_you_mean(survql):
    r = survql("-c", 'load "../shared/data/msk_impact_2017" as impact; let a = impact where fusion ALKK')
    assert r.code == 1
    assert "error: no record of this study names the gene 'ALKK'" in r.err
    assert "did you mean 'ALK'" in r.err
    assert ":1:" in r.err and "^" in r.err


def test_prevalence_of_a_gene_the_study_never_names_is_an_error(survql):
    r = survql("-c", 'load "../shared/data/msk_impact_2017" as impact; prevalence impact of fusion NTRK4')
    assert r.code == 1
    assert "'NTRK4'" in r.err and "0.00%" not in r.out


def test_gene_named_by_other_records_only_gets_a_note(survql):
    # KEAP1 is mutated in nsclc_pd1_msk_2018 but named by no structural variant.
    r = survql("-c", 'load "../shared/data/nsclc_pd1_msk_2018" as m; prevalence m of fusion KEAP1')
    assert r.code == 0, r.err
    assert "note: no structural-variant record of this study names 'KEAP1'" in r.err


def test_gene_covered_by_a_panel_but_never_altered_gets_a_note(survql):
    r = survql("-c", 'load "../shared/data/cbioportal_study_es_0" as es; prevalence es of mut OTOR')
    assert r.code == 0, r.err
    assert "note: 'OTOR' is covered by the study's gene panels but no mutation record names it" in r.err


def test_profiled_only_where_the_panel_covers_the_gene(survql):
    # TP53 is on TESTPANEL1 only, FGFR3 on TESTPANEL2 only, NPIPB15 on both.
    r = survql("--format", "json", "-c",
               'load "../shared/data/cbioportal_study_es_0" as es; prevalence es of mut TP53, mut FGFR3, mut NPIPB15')
    assert r.code == 0, r.err
    rows = {x["alteration"]: x for x in next(o for o in r.json_lines() if o["kind"] == "prevalence")["rows"]}
    both, tp53, fgfr3 = rows["mut NPIPB15"]["n"], rows["mut TP53"]["n"], rows["mut FGFR3"]["n"]
    assert tp53 < both and fgfr3 < both


def write_three_patients(tmp_path):
    p = tmp_path / "three.tsv"
    p.write_text("id\ttime\tevent\tentry\nA\t4\t1\t0\nB\t6\t1\t2.1\nC\t2.2\t0\t0\n")
    return p


def test_numbers_at_risk_with_delayed_entry_follow_r(survql, tmp_path):
    """R: summary(survfit(Surv(entry, time, event) ~ 1), times = c(0, 2, 4, 6), extend = TRUE)$n.risk
    is 3, 3, 2, 1; the `at` rows and the `every` table give the same counts."""
    p = write_three_patients(tmp_path)
    r = survql("--format", "json", "-c",
               f'load "{p}" as d id id; survive d time time event event entry entry at 0, 2, 4, 6 every 2')
    assert r.code == 0, r.err
    s = next(o for o in r.json_lines() if o["kind"] == "survival")
    g = s["groups"][0]
    at = {a["time"]: a["at_risk"] for a in g["at"]}
    table = {a["time"]: a["n_risk"] for a in g["at_risk"]}
    assert at == {0: 3, 2: 3, 4: 2, 6: 1}
    for t in (0, 2, 4, 6):
        assert table[t] == at[t]


def test_describe_flags_a_delayed_entry_column_on_the_demo(survql):
    r = survql("-c", "load demo ntrk as r; describe r")
    assert r.code == 0, r.err
    assert "note: 'months_to_test' looks like a delayed-entry time" in r.err
    assert "entry months_to_test" in r.err


def test_describe_flags_no_column_of_the_real_studies(survql):
    for s in ("msk_impact_2017", "msk_met_2021", "nsclc_pd1_msk_2018", "cbioportal_study_es_0"):
        r = survql("-c", f'load "../shared/data/{s}" as r; describe r')
        assert r.code == 0, r.err
        assert "delayed-entry" not in r.err, s
