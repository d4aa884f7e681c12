"""A raw JSON-RPC client: writes exact bytes to `survql lsp` and reads framed messages back,
for the framing tests that a well-behaved client library cannot send."""
import json
import queue
import subprocess
import threading
import time

from lsp_support import SERVER


def frame(obj) -> bytes:
    body = json.dumps(obj).encode() if not isinstance(obj, bytes) else obj
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class RawServer:
    def __init__(self, *extra):
        self.proc = subprocess.Popen(SERVER + list(extra), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.seen = []

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            body = out.read(length)
            self.messages.put(json.loads(body))

    def write(self, data: bytes):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, obj):
        self.write(frame(obj))

    def request(self, id, method, params=None):
        self.send({"jsonrpc": "2.0", "id": id, "method": method, "params": params if params is not None else {}})

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def next(self, timeout=30):
        m = self.messages.get(timeout=timeout)
        if m is not None:
            self.seen.append(m)
        return m

    def wait(self, predicate, timeout=30):
        end = time.monotonic() + timeout
        while True:
            m = self.next(timeout=max(0.01, end - time.monotonic()))
            if m is None:
                raise AssertionError("server closed its output")
            if predicate(m):
                return m

    def response(self, id, timeout=30):
        return self.wait(lambda m: m.get("id") == id and "method" not in m, timeout)

    def initialize(self, capabilities=None):
        self.request(1, "initialize", {"capabilities": capabilities or {}})
        r = self.response(1)
        self.notify("initialized", {})
        return r

    def close(self, timeout=30):
        try:
            self.request("bye", "shutdown", None)
            self.response("bye")
            self.notify("exit", None)
        except Exception:
            pass
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
