#!/usr/bin/env python3
"""A program that uses SurvQL as a query service: it starts `survql lsp`, initializes, and runs
queries with `survql/run`, getting back the same JSON objects as `survql run --format json`.
Standard library only; `SurvQL.frame(result)` gives a pandas DataFrame when pandas is installed.

    python3 examples/clients/survql_client.py examples/lung.survql        # run a file
    python3 examples/clients/survql_client.py -c 'load demo ntrk as r; describe r'

    from survql_client import SurvQL
    with SurvQL() as sq:
        sq.run("load demo ntrk as rwd", session="nb")
        [km] = sq.run("survive rwd by sex at 12", session="nb")
        print(km["groups"][0]["median"])
"""
import argparse
import itertools
import json
import os
import pathlib
import shutil
import subprocess
import sys
import threading


class SurvQLError(Exception):
    """An error answer from the server (JSON-RPC code and message)."""

    def __init__(self, code, message):
        super().__init__(f"{message} ({code})")
        self.code = code


class SurvQL:
    """One `survql lsp` process. Thread-safe for one request at a time."""

    def __init__(self, binary=None, cwd=None):
        binary = binary or os.environ.get("SURVQL_BIN") or shutil.which("survql") or _built_binary()
        self.proc = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=cwd)
        self.ids = itertools.count(1)
        self.lock = threading.Lock()
        root = pathlib.Path(cwd or os.getcwd()).resolve()
        self.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": {}})
        self._send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

    # JSON-RPC with LSP framing
    def _send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _receive(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise EOFError("survql lsp closed its output")
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return json.loads(self.proc.stdout.read(length))

    def request(self, method, params):
        with self.lock:
            id = next(self.ids)
            self._send({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
            while True:
                message = self._receive()
                if message.get("id") == id and "method" not in message:
                    break
                # notifications (diagnostics, progress) are not needed by a program
        if "error" in message:
            raise SurvQLError(message["error"]["code"], message["error"]["message"])
        return message["result"]

    # The query service
    def run(self, text=None, *, path=None, session=None, keep_going=False, raw=False):
        """Runs statements (text, or the file at `path`) and returns the result objects.
        With `session`, text runs in a named session that keeps its cohorts between calls."""
        params = {"keepGoing": keep_going}
        if path is not None:
            params["uri"] = pathlib.Path(path).resolve().as_uri()
        else:
            params["text"] = text
        if session is not None:
            params["session"] = session
        answer = self.request("survql/run", params)
        return answer if raw else answer["results"]

    def table(self, text, session=None):
        """The results rendered as SurvQL's text tables."""
        return self.request("survql/run", {"text": text, "session": session, "format": "text"})["text"]

    @staticmethod
    def frame(result):
        """A pandas DataFrame of a result's rows (survival groups, comparison terms, prevalence
        or association rows), or None when pandas is not installed."""
        try:
            import pandas
        except ImportError:
            return None
        if result["kind"] == "comparison":
            rows = (result.get("cox") or {}).get("terms", [])
        elif result["kind"] in ("prevalence", "association"):
            rows = result["rows"]
        elif result["kind"] == "describe":
            rows = result["columns"]
        else:
            rows = [{k: v for k, v in g.items() if k not in ("curve", "at", "at_risk")} for g in result.get("groups", [])]
        return pandas.DataFrame(rows)

    def close(self):
        if self.proc.poll() is None:
            try:
                self.request("shutdown", None)
                self._send({"jsonrpc": "2.0", "method": "exit"})
            except (EOFError, BrokenPipeError):
                pass
        return self.proc.wait(timeout=30)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _built_binary():
    root = pathlib.Path(__file__).resolve().parents[2]
    for p in (root / ".build" / "debug" / "survql", root / ".build" / "release" / "survql"):
        if p.exists():
            return str(p)
    raise FileNotFoundError("survql not found: build it (swift build) or set SURVQL_BIN")


def main():
    parser = argparse.ArgumentParser(description="Run SurvQL through its JSON-RPC query service.")
    parser.add_argument("file", nargs="?", help="a query file")
    parser.add_argument("-c", dest="command", help="statements to run")
    args = parser.parse_args()
    if not args.file and not args.command:
        parser.error("give a file or -c STATEMENTS")
    with SurvQL() as sq:
        answer = sq.run(args.command, path=args.file, raw=True)
        for result in answer["results"]:
            print(json.dumps(result))
            frame = SurvQL.frame(result) if result["kind"] != "error" else None
            if frame is not None and len(frame):
                print(frame.to_string(max_cols=8), file=sys.stderr)
    return 1 if answer["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
