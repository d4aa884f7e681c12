"""End-to-end tests: they drive the real `survql` binary through pipes.

The binary is built by scripts/test.sh (`swift build --product survql`); SURVQL_BIN overrides it.
"""
import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def binary() -> str:
    env = os.environ.get("SURVQL_BIN")
    if env:
        return env
    for p in (ROOT / ".build" / "debug" / "survql", ROOT / ".build" / "release" / "survql"):
        if p.exists():
            return str(p)
    raise RuntimeError("survql is not built; run swift build --product survql")


class Run:
    def __init__(self, proc):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json_lines(self):
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


@pytest.fixture
def survql():
    def run(*args, stdin=None, cwd=ROOT, timeout=120):
        proc = subprocess.run([binary(), *args], input=stdin, capture_output=True, text=True,
                              cwd=cwd, timeout=timeout, env={**os.environ, "NO_COLOR": "1"})
        return Run(proc)
    return run


@pytest.fixture
def reference():
    data = json.loads((SHARED / "reference" / "reference.json").read_text())
    return {r["id"]: r["values"] for r in data["results"]}
