"""Syntax through the real binary: `survql fmt`, very long conditions, floods of bad bytes,
and files of blank or comment lines (parsing is linear in the input)."""
import os
import time

from conftest import ROOT

EXAMPLES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples").glob("*.survql"))

TABLE = "id\tage\tsex\ttime\tstatus\n" + "".join(
    f"p{i}\t{40 + i}\t{'F' if i % 2 else 'M'}\t{3 + i}\t{i % 2}\n" for i in range(12))


def test_fmt_check_passes_on_the_examples(survql):
    run = survql("fmt", "--check", *EXAMPLES)
    assert run.code == 0, run.out + run.err
    assert run.out == ""


def test_fmt_prints_check_lists_write_rewrites(survql, tmp_path):
    messy = tmp_path / "messy.survql"
    messy.write_text("LOAD demo ntrk AS rwd  -- keep me\n\n\n\nsurvive rwd BY sex at 6,12;describe rwd\n")
    os.chmod(messy, 0o640)
    canonical = "load demo ntrk as rwd -- keep me\n\nsurvive rwd by sex at 6, 12\ndescribe rwd\n"
    run = survql("fmt", str(messy))
    assert run.code == 0 and run.out == canonical, run.err
    run = survql("fmt", "--check", str(messy))
    assert run.code == 1 and run.out.strip() == str(messy)
    inode = messy.stat().st_ino
    run = survql("fmt", "-w", str(messy))
    assert run.code == 0, run.err
    assert messy.read_text() == canonical
    assert messy.stat().st_ino != inode, "rewritten by rename, not in place"
    assert messy.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["messy.survql"], "no temporary file left"
    assert survql("fmt", "--check", str(messy)).code == 0
    # Standard input.
    run = survql("fmt", "-", stdin="DESCRIBE   rwd\n")
    assert run.code == 0 and run.out == "describe rwd\n"


def test_fmt_keeps_a_statement_with_an_error_and_says_why(survql, tmp_path):
    bad = tmp_path / "bad.survql"
    bad.write_text("LOAD demo ntrk AS rwd\nsurvive rwd by   -- unfinished\n")
    run = survql("fmt", str(bad))
    assert run.code == 1
    assert run.out == "load demo ntrk as rwd\nsurvive rwd by   -- unfinished\n"
    assert "bad.survql:2:15: error: expected a condition" in run.err
    # --write leaves a file with errors alone.
    assert survql("fmt", "-w", str(bad)).code == 1
    assert bad.read_text() == "LOAD demo ntrk AS rwd\nsurvive rwd by   -- unfinished\n"


def chain(n, op):
    return f" {op} ".join(f"age = {40 + i % 12}" for i in range(n))


def test_hundred_thousand_or_terms_check_and_run(survql, tmp_path):
    (tmp_path / "t.tsv").write_text(TABLE)
    query = tmp_path / "q.survql"
    query.write_text(f'load "t.tsv" as t\nlet x = t where {chain(100_000, "or")}\ndescribe x\n')
    run = survql("check", str(query), cwd=tmp_path)
    assert run.code == 0, run.err[:2000]
    run = survql("run", "--format", "json", str(query), cwd=tmp_path)
    assert run.code == 0, run.err[:2000]
    assert run.json_lines()[-1]["patients"] == 12
    # The same through standard input.
    run = survql(stdin=query.read_text(), cwd=tmp_path)
    assert run.code == 0, run.err[:2000]
    # -c: one argument is limited to 128 KiB by the kernel, so 5,000 terms.
    run = survql("-c", f'load "t.tsv" as t; let x = t where {chain(5_000, "or")}; describe x', "--format", "json", cwd=tmp_path)
    assert run.code == 0, run.err[:2000]
    assert run.json_lines()[-1]["patients"] == 12


def test_hundred_thousand_and_terms(survql, tmp_path):
    (tmp_path / "t.tsv").write_text(TABLE)
    query = tmp_path / "q.survql"
    terms = " and ".join("age > 30" for _ in range(100_000))
    query.write_text(f'load "t.tsv" as t\nlet x = t where {terms} and sex = "F"\ndescribe x\n')
    assert survql("check", str(query), cwd=tmp_path).code == 0
    run = survql("run", "--format", "json", str(query), cwd=tmp_path)
    assert run.code == 0, run.err[:2000]
    assert run.json_lines()[-1]["patients"] == 6


def test_true_nesting_beyond_the_cap_is_a_located_error(survql, tmp_path):
    query = tmp_path / "deep.survql"
    query.write_text("load demo ntrk as r\nlet x = r where " + "(" * 100_000 + "age > 1" + ")" * 100_000 + "\n")
    run = survql("check", str(query))
    assert run.code == 1
    assert "deep.survql:2:82: error: the condition is nested too deeply" in run.err
    assert run.err.count("error:") == 1
    query.write_text("load demo ntrk as r\nlet x = r where " + "not " * 100_000 + "age > 1\n")
    run = survql("check", str(query))
    assert run.code == 1 and "nested too deeply" in run.err


def test_a_flood_of_nul_bytes_is_one_diagnostic(survql, tmp_path):
    flood = tmp_path / "nul.survql"
    flood.write_bytes(b"\0" * 100_000)
    run = survql("check", str(flood))
    assert run.code == 1
    assert run.err.count("error:") == 1, run.err[:2000]
    # Many bad lines: at most 50 errors, then one "too many errors".
    flood.write_bytes(b"\0\n" * 10_000)
    run = survql("check", str(flood))
    assert run.code == 1
    assert run.err.count("error:") == 51
    assert "too many errors, stopping" in run.err


def test_blank_and_comment_lines_parse_in_linear_time(survql, tmp_path):
    timings = []
    for n in (100_000, 400_000):
        for filler in ("\n", "-- a comment line\n"):
            query = tmp_path / "big.survql"
            query.write_text("load demo ntrk as r\n" + filler * n + "describe r\n")
            start = time.monotonic()
            run = survql("check", str(query))
            timings.append(time.monotonic() - start)
            assert run.code == 0, run.err[:2000]
    # Four times the lines in far less than sixteen times the time (generous for a busy machine).
    assert timings[2] < 8 * max(timings[0], 0.05) + 2
    assert timings[3] < 8 * max(timings[1], 0.05) + 2


def test_a_gene_written_as_a_condition_suggests_the_alteration(survql, tmp_path):
    run = survql("-c", "load demo ntrk as rwd\nlet x = rwd where ALK")
    assert run.code == 1
    assert "<command line>:2:19: error: 'rwd' has no column 'ALK'; did you mean 'fusion ALK'?" in run.err
    assert "fix: write 'fusion ALK'" in run.err
    # A true/false column, even one spelled like a gene, is still a condition.
    (tmp_path / "b.tsv").write_text("id\tHRD\tflag\n" + "".join(f"p{i}\t{'TRUE' if i % 3 else 'FALSE'}\t{'true' if i % 2 else 'false'}\n" for i in range(9)))
    run = survql("-c", 'load "b.tsv" as b; let x = b where HRD; let y = b where flag; describe x; describe y',
                 "--format", "json", cwd=tmp_path)
    assert run.code == 0, run.err
    described = [r for r in run.json_lines() if r["kind"] == "describe"]
    assert [d["patients"] for d in described] == [6, 4]


def test_flat_chains_keep_three_valued_logic(survql, tmp_path):
    """`where` keeps rows whose condition is true; a missing value makes a comparison unknown,
    and unknown or true is true, unknown and false is false (as SQL and R's NA logic)."""
    rows = [(f"p{i}", "" if i % 4 == 0 else str(30 + 7 * i), "F" if i % 3 else "M", "" if i % 5 == 0 else str(i % 2))
            for i in range(20)]
    (tmp_path / "m.tsv").write_text("id\tage\tsex\tecog\n" + "".join("\t".join(r) + "\n" for r in rows))

    def value(x):
        return None if x == "" else float(x)

    def t_or(*vs):
        return True if any(v is True for v in vs) else (None if any(v is None for v in vs) else False)

    def t_and(*vs):
        return False if any(v is False for v in vs) else (None if any(v is None for v in vs) else True)

    def gt(x, k):
        return None if value(x) is None else value(x) > k

    def eq(x, k):
        return None if value(x) is None else value(x) == k

    cases = {
        "age > 100 or ecog = 1 or sex = \"M\"": lambda r: t_or(gt(r[1], 100), eq(r[3], 1), r[2] == "M"),
        "age > 60 and ecog = 0 and sex = \"F\"": lambda r: t_and(gt(r[1], 60), eq(r[3], 0), r[2] == "F"),
        "age > 60 and ecog = 0 or sex = \"M\" and age > 40 or ecog = 1": lambda r: t_or(
            t_and(gt(r[1], 60), eq(r[3], 0)), t_and(r[2] == "M", gt(r[1], 40)), eq(r[3], 1)),
        "not (age > 60 or ecog = 1) and sex = \"F\"": lambda r: t_and(
            None if t_or(gt(r[1], 60), eq(r[3], 1)) is None else not t_or(gt(r[1], 60), eq(r[3], 1)), r[2] == "F"),
    }
    for cond, expect in cases.items():
        run = survql("--format", "json", "-c", f'load "m.tsv" as m; let x = m where {cond}; describe x', cwd=tmp_path)
        assert run.code == 0, run.err
        want = sum(1 for r in rows if expect(r) is True)
        assert run.json_lines()[-1]["patients"] == want, cond
