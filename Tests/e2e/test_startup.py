"""REPL start-up and the first statements on the demo (issue #17: start-up + `survive` on the
demo under 50 ms). Only behaviour is asserted; the timings are printed (pytest -s) and
measured properly by `survql-bench startup` on a release build.

The REPL must reach its prompt with an empty HOME and with a large history file, and the demo's
numbers in the REPL must be the batch mode's (the demo generator is a golden: examples/*.out).
"""
import re
import subprocess
import time

from conftest import binary  # noqa: E402
from test_repl import Repl, plain  # noqa: E402

SURVIVE = "survive d by fusion NTRK1|NTRK2|NTRK3"


def batch_rows():
    """The group rows (n, events, median, CI) batch mode prints for the demo's survive."""
    out = subprocess.run([binary(), "-c", "load demo ntrk as d\n" + SURVIVE], capture_output=True, text=True,
                         timeout=120, env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"}).stdout
    rows = re.findall(r"^  (negative|positive)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.–]+)$", out, re.M)
    assert len(rows) == 2, out
    return rows


def test_startup_then_demo_survive_match_batch(tmp_path):
    rows = batch_rows()
    home = tmp_path / "home"
    home.mkdir()
    r = Repl(home)
    assert "SurvQL" in r.greeting
    started = time.monotonic()
    out = r.run("load demo ntrk as d")
    loaded = time.monotonic() - started
    assert "loaded d: 25000 patients, 25000 samples, 13 columns" in out
    started = time.monotonic()
    out = r.run(SURVIVE)
    survived = time.monotonic() - started
    for group, n, events, median, ci in rows:
        assert re.search(rf"{group}\s+{n}\s+{events}\s+{re.escape(median)}\s+{re.escape(ci)}", out), out
    print(f"\nREPL: prompt {r.startup * 1000:.0f} ms, load demo {loaded * 1000:.0f} ms, survive {survived * 1000:.0f} ms"
          " (pexpect adds its own delays; see survql-bench startup)")
    assert r.quit() == 0


def test_startup_with_a_large_history_file(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    entries = [f"let c{i} = d where age > {i % 90}" for i in range(5000)]
    (home / ".survql_history").write_text("_HiStOrY_V2_\n" + "\n".join(e.replace(" ", "\\040") for e in entries) + "\n")
    r = Repl(home)
    assert "SurvQL" in r.greeting
    r.type("\x1b[A")  # the last history entry comes back
    r.expect(re.escape("let c4999 = d where age > 49"))
    r.child.send("\x15")  # Ctrl-U clears the line
    assert "loaded d: 25000 patients" in plain(r.run("load demo ntrk as d"))
    assert r.quit() == 0
