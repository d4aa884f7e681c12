"""The latency benchmark runs (few iterations, whatever build is there) and prints its table."""
import json
import subprocess
import sys

from conftest import ROOT, binary


def test_latency_benchmark_prints_its_table():
    proc = subprocess.run([sys.executable, "scripts/bench_lsp.py", binary(), "5"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    print(proc.stdout)
    figures = json.loads(proc.stdout.strip().splitlines()[-1])["median_ms"]
    assert set(figures) == {"completion", "hover", "semanticTokens", "didChangeToDiagnostics"}
    assert all(v > 0 for v in figures.values())
    assert "| completion" in proc.stdout
