"""The interactive REPL, driven through a pseudo-terminal with pexpect (issue #14).

Each test starts the real binary with its own temporary HOME (so its own history file),
TERM=xterm-256color and a known window size. PAGER is `cat` so that long results print in
full and the test never waits in a pager. Timings are printed (run pytest with -s), not
asserted, except for generous bounds that only catch a hang.
"""
import json
import os
import re
import signal
import time

import subprocess

import pexpect
import pytest

from conftest import ROOT, SHARED, binary  # noqa: E402

def _older_than_70():
    """How many demo patients are older than 70, as batch mode counts them (the REPL must agree)."""
    out = subprocess.run([binary(), "-c", "load demo ntrk as rwd; let old = rwd where age > 70"],
                         capture_output=True, text=True, timeout=120).stdout
    return re.search(r"old: (\d+) of 25000", out).group(1)


OLD = _older_than_70()
PROMPT = "survql> "
CONTINUATION = "...> "
UP = "\x1b[A"
MSK = SHARED / "data" / "msk_met_2021"
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>]|\r|\x07")


def plain(text):
    """The text as the terminal shows it: what a line shows before CR ESC[K (the progress
    line, erased) removed, then escapes and carriage returns dropped."""
    lines = [line.rsplit("\r\x1b[K", 1)[-1] for line in text.split("\n")]
    return ANSI.sub("", "\n".join(lines))


class Repl:
    def __init__(self, home, args=(), env=None, rows=50, cols=160, cwd=ROOT):
        e = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "SURVQL_HISTORY", "PAGER")}
        e.update({"HOME": str(home), "TERM": "xterm-256color", "PAGER": "cat", "LANG": "C.UTF-8"})
        e.update(env or {})
        self.started = time.monotonic()
        self.child = pexpect.spawn(binary(), list(args), cwd=str(cwd), env=e, encoding="utf-8",
                                   dimensions=(rows, cols), timeout=60)
        self.child.expect_exact(PROMPT)
        self.startup = time.monotonic() - self.started
        self.greeting = plain(self.child.before)

    def run(self, line, timeout=60):
        """Sends a line and returns what was printed up to the next prompt, escapes removed."""
        self.child.send(line + "\r")
        self.child.expect_exact(PROMPT, timeout=timeout)
        return plain(self.child.before)

    def type(self, text):
        self.child.send(text)

    def type_now(self, text):
        """Sends without pexpect's default 50 ms pause before a send, for timings."""
        self.child.delaybeforesend = None
        self.child.send(text)
        self.child.delaybeforesend = 0.05

    def expect(self, pattern, timeout=30):
        self.child.expect(pattern, timeout=timeout)
        return plain(self.child.before)

    def quit(self):
        self.child.send("\x04")
        self.child.expect(pexpect.EOF, timeout=20)
        self.child.close()
        return self.child.exitstatus


@pytest.fixture
def home(tmp_path):
    h = tmp_path / "home"
    h.mkdir()
    return h


@pytest.fixture
def repl(home):
    r = Repl(home)
    yield r
    if r.child.isalive():
        r.child.terminate(force=True)


def load_demo(r):
    out = r.run("load demo ntrk as rwd")
    assert "loaded rwd: 25000 patients" in out
    return out


def test_greeting_startup_and_ctrl_d(home):
    r = Repl(home)
    assert "SurvQL 0.1.0" in r.greeting and ".help" in r.greeting
    assert len([l for l in r.greeting.splitlines() if l.strip()]) == 1
    print(f"\nREPL start-up to first prompt: {r.startup * 1000:.1f} ms")
    assert r.quit() == 0


def test_error_with_caret_then_recovery(repl):
    load_demo(repl)
    out = repl.run("survive rwd whre")
    assert "<repl:2>:1:13: error:" in out
    lines = out.splitlines()
    src = next(i for i, l in enumerate(lines) if "survive rwd whre" in l and "|" in l)
    caret = lines[src + 1]
    assert caret.index("^") == lines[src].index("whre")
    assert "hint:" in out
    assert "25000" in repl.run("survive rwd")


def test_multiline_entry_is_one_history_entry(repl):
    load_demo(repl)
    repl.type("let old = rwd where\r")
    repl.expect(re.escape(CONTINUATION))
    out = repl.run("age > 70")
    assert f"old: {OLD} of 25000" in out
    repl.type(UP)
    repl.expect("age > 70")
    out = repl.run("")
    assert f"old: {OLD} of 25000" in out  # the whole entry ran again, as one


def test_trailing_backslash_and_alt_enter_continue_the_entry(repl, home):
    load_demo(repl)
    repl.type("let old = rwd \\\r")
    repl.expect(re.escape(CONTINUATION))
    assert f"old: {OLD} of 25000" in repl.run("  where age > 70")
    repl.type("let young = rwd\x1b\rwhere age < 40")  # Alt-Enter inserts a newline
    out = repl.run("")
    assert re.search(r"young: \d+ of 25000", out)
    history = (home / ".survql_history").read_text()
    assert "where\\040age\\040<\\04040" in history


def quiet_read(r, wait=0.5):
    """Everything the terminal shows until it stays quiet for `wait` seconds."""
    out = ""
    while True:
        try:
            out += r.child.read_nonblocking(100000, timeout=wait)
        except pexpect.TIMEOUT:
            return out


def tab(r, text):
    """Types `text` and TAB; returns the seconds until the terminal shows the answer, and
    what it showed (escapes removed)."""
    r.type(text)
    time.sleep(0.2)
    quiet_read(r, 0.3)  # the echo of the typed text
    t0 = time.monotonic()
    r.type_now("\t")
    r.child.expect(r".+", timeout=10)
    latency = time.monotonic() - t0
    return latency, plain(r.child.after + quiet_read(r))


def test_tab_completes_cohort_and_column(repl):
    load_demo(repl)
    tab(repl, "describe rw")
    assert "Cohort rwd" in repl.run("")
    tab(repl, "let e = rwd where ec")
    out = repl.run(">= 2")
    assert re.search(r"e: \d+ of 25000", out)
    assert re.search(r"e\s+\d+\s+patients\s+rwd where ecog >= 2", repl.run(".cohorts"))


def test_tab_lists_candidates_in_columns(repl):
    load_demo(repl)
    repl.type("let x = rwd where \t")
    out = repl.expect(re.escape(PROMPT))
    listing = out.split("where", 1)[1]
    for column in ("age", "ecog", "cancer_type", "smoking"):
        assert column in listing
    assert len([l for l in listing.splitlines() if l.strip()]) >= 2
    assert all(len(l) <= 160 for l in listing.splitlines())
    repl.type("\x15")  # Ctrl-U clears the line


def test_tab_completes_gene_and_partner_on_msk_met(repl):
    out = repl.run(f'load "{MSK}" as msk', timeout=120)
    assert "loaded msk" in out
    latency, listing = tab(repl, "let a = msk where fusion AL")
    print(f"\ncompletion latency right after the load (genes after 'fusion AL', msk_met_2021): {latency * 1000:.1f} ms")
    assert listing.split()[0] == "ALK"  # genes by carrier count
    repl.type("\x15")
    latency, listing = tab(repl, "let a = msk where fusion AL")
    print(f"completion latency, schema cached (genes after 'fusion AL', msk_met_2021): {latency * 1000:.1f} ms")
    repl.type("\x15")
    latency, _ = tab(repl, "let a = msk where fusion ROS")
    print(f"completion latency (gene after 'fusion ROS', msk_met_2021): {latency * 1000:.1f} ms")
    assert re.search(r"a: \d+ of \d+", repl.run(""))
    assert "msk where fusion ROS1" in repl.run(".cohorts")
    latency, listing = tab(repl, "let b = msk where fusion ALK::")
    print(f"completion latency (partner after 'fusion ALK::', msk_met_2021): {latency * 1000:.1f} ms")
    assert "EML4" in listing
    repl.type("\x15")


def test_tab_completes_path_inside_load(repl, tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    (d / "cohort_table.tsv").write_text("id\ttime\tevent\np1\t1\t1\np2\t2\t0\n")
    tab(repl, f'load "{d}/coh')
    out = repl.run('" as t')
    assert "loaded t: 2" in out


def test_help_timer_and_mode_json(repl):
    out = repl.run(".help")
    for verb in ("load", "survive", "compare", "match", ".columns", ".timer"):
        assert verb in out
    out = repl.run(".help survive")
    assert "survive" in out and "Kaplan" in out
    load_demo(repl)
    repl.run(".timer on")
    repl.type("survive rwd")
    time.sleep(0.2)
    quiet_read(repl, 0.2)
    t0 = time.monotonic()
    repl.type_now("\r")
    repl.child.expect_exact(PROMPT)
    out = plain(repl.child.before)
    print(f"\nEnter to result, survive on the demo cohort (table and plot): {(time.monotonic() - t0) * 1000:.1f} ms")
    assert re.search(r"time: \d+\.\d{3} s wall, \d+\.\d{3} s CPU", out)
    repl.run(".timer off")
    repl.run(".mode json")
    repl.type("survive rwd")
    time.sleep(0.2)
    quiet_read(repl, 0.2)
    t0 = time.monotonic()
    repl.type_now("\r")
    repl.child.expect_exact(PROMPT)
    out = plain(repl.child.before)
    print(f"Enter to result, survive on the demo cohort (JSON, the whole curve): {(time.monotonic() - t0) * 1000:.1f} ms")
    obj = json.loads(next(l for l in out.splitlines() if l.startswith("{")))
    assert obj["kind"] == "survival" and obj["groups"][0]["n"] == 25000
    assert "did you mean '.mode'" in repl.run(".mdoe csv")


def test_save_makes_a_file_that_survql_run_accepts(repl, tmp_path, survql):
    repl.run(".mode json")
    repl.run("load demo ntrk as rwd")
    repl.run("let old = rwd where age > 70")
    repl.run("survive rwd whre")  # an error: not saved
    out = repl.run("survive old at 12")
    ours = json.loads(next(l for l in out.splitlines() if l.startswith("{")))
    path = tmp_path / "session.survql"
    assert "saved 3 statements" in repl.run(f".save {path}")
    text = path.read_text()
    assert "whre" not in text
    run = survql("run", "--format", "json", str(path))
    assert run.code == 0, run.err
    theirs = [o for o in run.json_lines() if o["kind"] == "survival"][0]
    assert theirs["groups"] == ours["groups"]


def test_output_file_and_last(repl, tmp_path):
    load_demo(repl)
    path = tmp_path / "out.txt"
    repl.run(f".output {path}")
    out = repl.run("survive rwd")
    assert "Kaplan" not in out
    assert "Kaplan–Meier survival of rwd" in repl.run(".last")  # dot-commands show on the terminal
    assert "rwd" in repl.run(".cohorts")
    repl.run(".output")
    assert path.read_text().count("Kaplan–Meier survival of rwd") == 1
    assert "Kaplan–Meier survival of rwd" in path.read_text()
    assert "Kaplan–Meier survival of rwd" in repl.run(".last")


def test_dot_columns_genes_and_cohorts(repl):
    load_demo(repl)
    repl.run("let old = rwd where age > 70")
    out = repl.run(".cohorts")
    assert re.search(rf"old\s+{OLD}", out) and re.search(r"rwd\s+25000", out)
    out = repl.run(".columns rwd ec*")
    assert "ecog" in out and "age" not in out
    out = repl.run(".genes rwd NTRK")
    assert "NTRK1" in out
    assert "did you mean 'rwd'" in repl.run(".columns rdw")


def test_non_ascii_input(repl):
    load_demo(repl)
    assert f"é: {OLD} of 25000" in repl.run("let é = rwd where age > 70")
    # UTF-8 typed in the middle of a line: Ctrl-A, then four characters right.
    repl.type("let ab = rwd where age > 70\x01\x06\x06\x06\x06\x06é")
    out = repl.run("")
    assert f"aéb: {OLD} of 25000" in out
    assert "Cohort aéb" in repl.run("describe aéb")


def test_terminal_plot_after_survive(repl):
    load_demo(repl)
    repl.child.send("survive rwd by fusion NTRK1|NTRK2|NTRK3\r")
    repl.child.expect_exact(PROMPT)
    raw = repl.child.before
    assert "\x1b[38;5;" in raw  # coloured groups
    text = plain(raw)
    assert re.search("[\u2801-\u28ff]", text)  # braille dots
    assert "━━ negative" in text and "━━ positive" in text
    assert "months" in text
    repl.run("set terminal_plot off")
    assert not re.search("[\u2801-\u28ff]", repl.run("survive rwd"))


def test_resize_refits_output(repl):
    load_demo(repl)
    repl.type("let old = rwd ")  # a resize in the middle of a line keeps the line
    time.sleep(0.3)
    repl.child.setwinsize(40, 70)
    time.sleep(0.3)
    assert f"old: {OLD} of 25000" in repl.run("where age > 70")
    out = repl.run("survive rwd")
    plot = [l for l in out.splitlines() if "┤" in l or "└" in l]
    assert plot and all(len(l) <= 70 for l in plot)
    repl.run("set wide vertical")
    out = repl.run("describe rwd")
    assert "-[ RECORD 1 ]" in out
    repl.child.setwinsize(50, 160)
    time.sleep(0.3)
    out = repl.run("describe rwd")
    assert "-[ RECORD 1 ]" not in out


def test_ctrl_c_clears_the_line(repl):
    repl.type("describe nothing_yet")
    time.sleep(0.3)
    repl.child.sendintr()
    repl.child.expect_exact(PROMPT)
    out = repl.run("")
    assert "error" not in out


def test_ctrl_c_cancels_a_large_load(repl, tmp_path):
    # 40 more columns (about 340 MB) so that even an optimised build is still loading when
    # Ctrl-C comes, 0.15 s after the REPL has taken the line.
    big = big_table(tmp_path, extra_columns=40)
    load_demo(repl)
    repl.type(f'load "{big}" as big\r')
    repl.child.expect_exact("as big\r\n")
    time.sleep(0.15)
    t0 = time.monotonic()
    repl.child.sendintr()
    repl.child.expect_exact(PROMPT, timeout=30)
    print(f"\nCtrl-C during a 10^6-row load to the prompt: {(time.monotonic() - t0) * 1000:.1f} ms")
    assert "cancelled" in plain(repl.child.before)
    out = repl.run(".cohorts")
    assert "rwd" in out and "big" not in out
    assert "25000" in repl.run("survive rwd")


def test_history_persists_across_restarts(home):
    r = Repl(home)
    load_demo(r)
    r.run("survive rwd at 12")
    assert r.quit() == 0
    hist = home / ".survql_history"
    assert hist.read_text().startswith("_HiStOrY_V2_")
    r = Repl(home)
    r.type(UP)
    r.expect("survive rwd at 12")
    r.type("\x15")
    assert r.quit() == 0


def test_history_override_disable_and_dedupe(home, tmp_path):
    custom = tmp_path / "hist"
    r = Repl(home, env={"SURVQL_HISTORY": str(custom)})
    r.run("set seed 1")
    r.run("set seed 1")
    r.run("set seed 2")
    r.quit()
    entries = custom.read_text().splitlines()[1:]
    assert entries == ["set\\040seed\\0401", "set\\040seed\\0402"]
    assert not (home / ".survql_history").exists()
    r = Repl(home, env={"SURVQL_HISTORY": ""})
    r.run("set seed 3")
    r.quit()
    assert not (home / ".survql_history").exists()


def test_sigterm_saves_history_and_exits(home):
    r = Repl(home)
    r.run("set seed 7")
    r.child.kill(signal.SIGTERM)
    r.child.expect(pexpect.EOF, timeout=10)
    r.child.close()
    assert r.child.exitstatus == 0
    assert "set\\040seed\\0407" in (home / ".survql_history").read_text()


def test_init_file_then_interactive(home, tmp_path):
    init = tmp_path / "init.survql"
    init.write_text("load demo ntrk as rwd\nlet old = rwd where age > 70\n")
    r = Repl(home, args=["--init", str(init)])
    assert f"old: {OLD} of 25000" in r.greeting
    assert OLD in r.run("survive old")
    assert r.quit() == 0


def test_piped_stdin_stays_batch_mode(home, survql):
    import subprocess
    proc = subprocess.run([binary()], input="load demo ntrk as rwd\nsurvive rwd\n", capture_output=True, text=True,
                          env={**os.environ, "HOME": str(home), "TERM": "xterm-256color"}, timeout=120)
    assert proc.returncode == 0
    assert PROMPT not in proc.stdout and "SurvQL 0.1.0" not in proc.stdout
    assert "\x1b[" not in proc.stdout and "\x1b[" not in proc.stderr
    assert not (home / ".survql_history").exists()


def vi_mode_check(r):
    """In vi mode, ESC 0 goes to the start of the line and i inserts there."""
    r.type("escribe rwd\x1b")
    time.sleep(0.2)
    r.type("0id")
    return r.run("")


def test_set_editing_vi(repl):
    load_demo(repl)
    assert "editing = vi" in repl.run("set editing vi")
    assert "Cohort rwd" in vi_mode_check(repl)
    repl.run("set editing emacs")
    assert "Cohort rwd" in repl.run("describe rwd")


def test_editrc_selects_vi(home):
    (home / ".editrc").write_text("bind -v\n")
    r = Repl(home)
    load_demo(r)
    assert "Cohort rwd" in vi_mode_check(r)
    r.quit()


def test_ctrl_r_searches_history(repl):
    load_demo(repl)
    repl.run("let old = rwd where age > 70")
    repl.run("survive rwd at 12")
    repl.type("\x12old")
    repl.expect("let old = rwd")
    out = repl.run("")
    assert f"old: {OLD} of 25000" in out


def test_edit_runs_the_saved_statement(home, tmp_path):
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nsed -i 's/70/80/' \"$1\"\n")
    editor.chmod(0o755)
    r = Repl(home, env={"VISUAL": str(editor)})
    load_demo(r)
    r.run("let old = rwd where age > 70")
    out = r.run(".edit")
    assert "let old = rwd where age > 80" in out
    assert re.search(r"old: \d+ of 25000", out) and f"old: {OLD} of" not in out
    r.quit()


def test_read_runs_a_file_in_the_session(repl, tmp_path):
    f = tmp_path / "more.survql"
    f.write_text("let old = rwd where age > 70\nsurvive old at 12\n")
    load_demo(repl)
    out = repl.run(f".read {f}")
    assert f"old: {OLD} of 25000" in out and "Kaplan–Meier survival of old" in out
    bad = tmp_path / "bad.survql"
    bad.write_text("survive old whre\n")
    assert f"{bad}:1:13: error" in repl.run(f".read {bad}")
    assert "no such file" in repl.run(f".read {tmp_path}/missing.survql")


def test_long_candidate_list_asks_first(home):
    r = Repl(home, rows=8, cols=40)
    load_demo(r)
    r.type("let x = rwd where \t")
    r.expect(r"Display all \d+ possibilities\? \(y or n\)")
    r.type("y")
    out = r.expect(re.escape(PROMPT))
    assert "cancer_type" in out
    r.type("\x15")
    r.quit()


def big_table(tmp_path, rows=1_000_000, extra_columns=0):
    """A 10^6-row TSV (about 25 MB, plus 8 bytes a row per extra column)."""
    big = tmp_path / "big.tsv"
    head = "".join(f"\tx{k}" for k in range(extra_columns))
    tail = "".join(f"\t{k % 10}.{k % 7}{k % 3}" for k in range(extra_columns)) + "\n"
    with big.open("w") as f:
        f.write("id\ttime\tevent\tage\tgroup" + head + "\n")
        f.writelines(f"p{i}\t{(i * 7919) % 1000 / 10}\t{i % 2}\t{20 + i % 60}\t{'ab'[i % 2]}" + tail for i in range(rows))
    return big


PROGRESS = r"running load… \d+% \([\d.]+ of [\d.]+ MB, \d+ MB/s, [\d.]+ s left\) \d+\.\d s"


def test_progress_line_for_slow_statements(repl, tmp_path):
    big = big_table(tmp_path, extra_columns=40)  # over half a second even when optimised
    repl.type(f'load "{big}" as big\r')
    # What, how far, rate, time left, elapsed.
    repl.child.expect(PROGRESS, timeout=30)
    repl.child.expect_exact(PROMPT, timeout=300)
    assert "\r\x1b[K" in repl.child.before  # the line is cleared before the result


def test_progress_in_batch_mode_on_a_terminal_only(tmp_path, survql):
    big = big_table(tmp_path, extra_columns=40)
    q = tmp_path / "q.survql"
    q.write_text(f'load "{big}" as big\nsurvive big time time event event\n')
    child = pexpect.spawn(binary(), ["run", str(q)], encoding="utf-8", timeout=300,
                          env={**os.environ, "TERM": "xterm-256color"})
    child.expect(PROGRESS)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    piped = survql("run", str(q), timeout=300)
    assert piped.code == 0 and "running" not in piped.err


def test_wide_and_long_results_go_through_the_pager(home, tmp_path):
    seen = tmp_path / "paged.txt"
    pager = tmp_path / "pager.sh"
    pager.write_text(f"#!/bin/sh\ntee -a {seen}\n")
    pager.chmod(0o755)
    r = Repl(home, env={"PAGER": str(pager)}, rows=60, cols=100)
    load_demo(r)
    r.run("survive rwd at 12")  # fits: printed directly
    assert not seen.exists()
    r.run("describe rwd")  # wider than 100 columns: through the pager
    assert "Cohort rwd" in seen.read_text()
    seen.unlink()
    r.run("set pager off")
    assert "Cohort rwd" in r.run("describe rwd")
    assert not seen.exists()
    r.quit()


@pytest.mark.parametrize("locale", ["C", "POSIX"])
def test_utf8_input_under_the_c_locale(home, locale):
    r = Repl(home, env={"LC_ALL": locale, "LANG": locale})
    load_demo(r)
    assert f"älter: {OLD} of 25000" in r.run("let älter = rwd where age > 70")
    r.quit()


def test_history_is_capped(home):
    hist = home / ".survql_history"
    hist.write_text("_HiStOrY_V2_\n" + "".join(f"set\\040seed\\040{i}\n" for i in range(1200)))
    r = Repl(home)
    r.run("set seed 99999")
    r.quit()
    entries = hist.read_text().splitlines()[1:]
    assert len(entries) == 1000
    assert entries[-1] == "set\\040seed\\04099999"
