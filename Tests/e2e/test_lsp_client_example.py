"""examples/clients/survql_client.py, the program-facing client, against the real server."""
import json
import subprocess
import sys

from conftest import ROOT, binary

sys.path.insert(0, str(ROOT / "examples" / "clients"))
from survql_client import SurvQL, SurvQLError  # noqa: E402


def test_client_runs_a_file_like_batch_mode():
    env_bin = binary()
    batch = subprocess.run([env_bin, "run", "--format", "json", "examples/lung.survql"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    cli = subprocess.run([sys.executable, "examples/clients/survql_client.py", "examples/lung.survql"], capture_output=True,
                         text=True, cwd=ROOT, timeout=120, env={"SURVQL_BIN": env_bin, "PATH": "/usr/bin:/bin"})
    assert cli.returncode == 0, cli.stderr
    assert [json.loads(l) for l in cli.stdout.splitlines()] == [json.loads(l) for l in batch.stdout.splitlines()]


def test_client_sessions_tables_and_errors():
    with SurvQL(binary=binary(), cwd=ROOT) as sq:
        [load] = sq.run("load demo ntrk as rwd", session="nb")
        assert load["verb"] == "load"
        [km] = sq.run("survive rwd by sex at 12", session="nb")
        assert km["kind"] == "survival" and [g["label"] for g in km["groups"]] == ["Female", "Male"]
        assert "Female" in sq.table("survive rwd by sex", session="nb")
        [err] = sq.run("describe nowhere")
        assert err["kind"] == "error" and err["diagnostic"]["id"].startswith("check.")
        frame = SurvQL.frame(km)
        if frame is not None:
            assert list(frame["label"]) == ["Female", "Male"]
        try:
            sq.request("survql/run", {})
            raise AssertionError("expected an error")
        except SurvQLError as e:
            assert e.code == -32602
    assert sq.proc.returncode == 0
