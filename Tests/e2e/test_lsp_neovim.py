"""Debian's Neovim (0.7.2, headless) as a real editor client: diagnostics and a completion."""
import json
import os
import subprocess

from conftest import ROOT, binary

HERE = os.path.dirname(os.path.abspath(__file__))


def test_neovim_gets_diagnostics_and_completion(tmp_path):
    out = tmp_path / "nvim.json"
    env = {**os.environ, "SURVQL_BIN": binary(), "SURVQL_ROOT": str(ROOT), "SURVQL_NVIM_OUT": str(out), "HOME": str(tmp_path)}
    proc = subprocess.run(["nvim", "--headless", "-u", "NONE", "-c", f"luafile {HERE}/nvim/check.lua"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert out.exists(), proc.stderr
    seen = json.loads(out.read_text())
    assert seen["errors"] == []
    lines = (ROOT / "examples" / "lung.survql").read_text().count("\n")
    nope = [d for d in seen["diagnostics"] if "nope" in d["message"]]
    assert nope and nope[0]["lnum"] == lines and nope[0]["col"] == len("survive ")
    assert "survive" in seen["completion"]
