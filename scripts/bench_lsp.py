#!/usr/bin/env python3
"""Language-server latency through the protocol on a 1,000-line document: completion, hover and
semantic tokens (goal: under 20 ms each, end to end), and didChange-to-diagnostics.

    swift build -c release --product survql && python3 scripts/bench_lsp.py .build/release/survql

Prints a table (median and 95th percentile in milliseconds). The server is started with
`initializationOptions.diagnosticsDelay = 0`, so didChange-to-diagnostics measures the analysis
and the round trip, not the 150 ms debounce an editor gets by default (measured separately).
"""
import json
import pathlib
import statistics
import subprocess
import sys
import threading
import time
import queue

ROOT = pathlib.Path(__file__).resolve().parents[1]


class Client:
    def __init__(self, binary):
        self.proc = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT)
        self.inbox = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.next_id = 0

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if not line.strip():
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            self.inbox.put((time.perf_counter(), json.loads(out.read(length))))

    def send(self, obj):
        body = json.dumps(obj).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def wait(self, predicate, timeout=60):
        end = time.monotonic() + timeout
        while True:
            at, m = self.inbox.get(timeout=max(0.01, end - time.monotonic()))
            if predicate(m):
                return at, m

    def request(self, method, params):
        self.next_id += 1
        id = self.next_id
        start = time.perf_counter()
        self.send({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
        at, m = self.wait(lambda m: m.get("id") == id and "method" not in m)
        if "error" in m:
            raise RuntimeError(m["error"])
        return (at - start) * 1000, m["result"]

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})


def document(lines=1000):
    out = ["-- A 1,000-line SurvQL document for the latency benchmark.", "load demo ntrk as rwd"]
    i = 0
    while len(out) < lines - 1:
        i += 1
        out.append(f"let c{i} = rwd where age >= {40 + i % 40} and sex = \"Female\" -- cohort {i}")
        out.append(f"survive c{i} by ecog at 6, 12, 24")
        out.append(f"compare c{i} by fusion NTRK1|NTRK2 adjust age, ecog")
    out = out[:lines - 1]
    out.append("let last = rwd where ")
    return "\n".join(out) + "\n"


def measure(client, method, params, n):
    times = []
    for _ in range(n):
        ms, result = client.request(method, params)
        times.append(ms)
    return times, result


def row(name, times, note=""):
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    print(f"| {name:<34} | {statistics.median(times):8.2f} | {p95:8.2f} | {note}")
    return statistics.median(times)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / ".build" / "release" / "survql")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    text = document()
    lines = text.split("\n")
    uri = (ROOT / "bench_1000_lines.survql").as_uri()
    c = Client(binary)
    c.request("initialize", {"capabilities": {}, "rootUri": ROOT.as_uri(), "initializationOptions": {"diagnosticsDelay": 0}})
    c.notify("initialized", {})
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "survql", "version": 1, "text": text}})
    c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    doc = {"uri": uri}
    last_line = len(lines) - 2
    # Warm the schema of the demo cohort so completion can offer its columns.
    c.request("textDocument/completion", {"textDocument": doc, "position": {"line": last_line, "character": len(lines[last_line])}})
    time.sleep(1.0)
    print(f"survql lsp, {len(lines) - 1} lines ({len(text.encode())} bytes), {n} requests each; milliseconds")
    print(f"| {'request':<34} | {'median':>8} | {'p95':>8} |")
    print(f"|{'-' * 36}|{'-' * 10}|{'-' * 10}|")
    t, result = measure(c, "textDocument/completion", {"textDocument": doc, "position": {"line": last_line, "character": len(lines[last_line])}}, n)
    results = {"completion": row("completion (columns, last line)", t, f"{len(result['items'])} items")}
    t, result = measure(c, "textDocument/hover", {"textDocument": doc, "position": {"line": 500, "character": 2}}, n)
    results["hover"] = row("hover (verb, line 501)", t)
    t, result = measure(c, "textDocument/semanticTokens/full", {"textDocument": doc}, n)
    results["semanticTokens"] = row("semanticTokens/full", t, f"{len(result['data']) // 5} tokens")
    t, _ = measure(c, "textDocument/documentSymbol", {"textDocument": doc}, n)
    row("documentSymbol", t)
    # didChange to diagnostics: alternately break and repair line 500.
    version = 1
    times = []
    for k in range(n):
        version += 1
        new = "survive nope" if k % 2 == 0 else "survive rwd"
        start = time.perf_counter()
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [
            {"range": {"start": {"line": 500, "character": 0}, "end": {"line": 500, "character": len(lines[500])}}, "text": new}]})
        lines[500] = new
        at, m = c.wait(lambda m, v=version: m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == v)
        times.append((at - start) * 1000)
    results["didChangeToDiagnostics"] = row("didChange -> publishDiagnostics", times, "no debounce")
    c.request("shutdown", None)
    c.notify("exit", None)
    c.proc.wait(timeout=30)
    print(json.dumps({"median_ms": results}))


if __name__ == "__main__":
    main()
