"""The server's framing and error handling, with exact bytes: it answers or drops each bad
message and keeps serving."""
import json
import time

import pytest

from lsp_raw import RawServer, frame

DOC = "file:///tmp/survql-framing.survql"


@pytest.fixture
def server():
    s = RawServer()
    yield s
    s.close()


def ping(server, id):
    """A request that any initialized server answers: the run of an empty text."""
    server.request(id, "survql/run", {"text": ""})
    return server.response(id)


def test_requests_before_initialize(server):
    server.notify("textDocument/didOpen", {"textDocument": {"uri": DOC, "languageId": "survql", "version": 1, "text": "describe x"}})
    server.request(7, "textDocument/hover", {"textDocument": {"uri": DOC}, "position": {"line": 0, "character": 0}})
    assert server.response(7)["error"]["code"] == -32002
    server.request(8, "shutdown")
    assert server.response(8)["error"]["code"] == -32002
    assert "capabilities" in server.initialize()["result"]
    assert "result" in ping(server, 9)


def test_second_initialize_is_refused(server):
    server.initialize()
    server.request(2, "initialize", {"capabilities": {}})
    assert server.response(2)["error"]["code"] == -32600


def test_malformed_header(server):
    server.initialize()
    server.write(b"Content-Lenght: 12\r\n\r\n{\"junk\": 1}\n")
    bad = server.wait(lambda m: m.get("id", 0) is None)
    assert bad["error"]["code"] == -32700
    assert "result" in ping(server, 2)
    server.write(b"Content-Length: twelve\r\n\r\n{}")
    assert server.wait(lambda m: m.get("id", 0) is None)["error"]["code"] == -32700
    assert "result" in ping(server, 3)


def test_missing_content_length(server):
    server.initialize()
    server.write(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"shutdown\"}")
    assert server.wait(lambda m: m.get("id", 0) is None)["error"]["code"] == -32700
    assert "result" in ping(server, 2)


def test_enormous_content_length(server):
    server.initialize()
    server.write(b"Content-Length: 99999999999999\r\n\r\n")
    assert server.wait(lambda m: m.get("id", 0) is None)["error"]["code"] == -32700
    assert "result" in ping(server, 2)


def test_truncated_body_then_next_message(server):
    server.initialize()
    server.write(b"Content-Length: 200\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":5,\"meth")
    ping_id = 6
    server.request(ping_id, "survql/run", {"text": ""})
    assert server.wait(lambda m: m.get("id", 0) is None)["error"]["code"] == -32700
    assert "result" in server.response(ping_id)


def test_invalid_utf8_body(server):
    server.initialize()
    server.write(frame(b"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"survql/run\",\"params\":{\"text\":\"\xff\xfe\"}}"))
    answer = server.wait(lambda m: m.get("id", 0) in (None, 3))
    assert answer.get("error", {}).get("code") == -32700 or "result" in answer
    assert "result" in ping(server, 4)


def test_deeply_nested_json(server):
    server.initialize()
    depth = 100_000
    server.write(frame(b"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"survql/run\",\"params\":" + b"[" * depth + b"]" * depth + b"}"))
    assert server.wait(lambda m: m.get("id", 0) is None)["error"]["code"] == -32700
    assert "result" in ping(server, 4)


def test_invalid_requests_and_params(server):
    server.initialize()
    server.send({"jsonrpc": "2.0", "id": {"an": "object"}, "method": "shutdown"})
    assert server.wait(lambda m: m.get("id", 0) is None)["error"]["code"] == -32600
    server.send({"id": 4, "method": "survql/run", "params": {"text": ""}})
    assert server.response(4)["error"]["code"] == -32600
    server.send([1, 2, 3])
    assert server.wait(lambda m: m.get("id", 0) is None)["error"]["code"] == -32600
    server.request(5, "textDocument/hover", {"textDocument": {}})
    assert server.response(5)["error"]["code"] == -32602
    server.request(6, "textDocument/completion", "not an object")
    assert server.response(6)["error"]["code"] == -32602
    server.request(7, "workspace/executeCommand", {"command": "survql.nothing", "arguments": []})
    assert server.response(7)["error"]["code"] == -32602
    server.request(8, "textDocument/unknownThing", {})
    assert server.response(8)["error"]["code"] == -32601
    server.notify("custom/unknownNotification", {"x": 1})
    assert "result" in ping(server, 9)


def test_two_messages_in_one_write(server):
    server.initialize()
    server.write(frame({"jsonrpc": "2.0", "id": 2, "method": "survql/run", "params": {"text": ""}})
                 + frame({"jsonrpc": "2.0", "id": 3, "method": "survql/run", "params": {"text": "set seed 3"}}))
    assert "result" in server.response(2) and "result" in server.response(3)


def test_one_message_split_over_many_writes(server):
    server.initialize()
    data = frame({"jsonrpc": "2.0", "id": 2, "method": "survql/run", "params": {"text": "set seed 4 -- é😀"}})
    for i in range(len(data)):
        server.write(data[i:i + 1])
    assert server.response(2)["result"]["errors"] == 0


def test_a_thousand_rapid_changes(server):
    server.initialize()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": DOC, "languageId": "survql", "version": 0, "text": ""}})
    text = ""
    burst = b""
    for i in range(1, 1001):
        piece = "describe x\n" if i % 2 else "-- é😀\n"
        line = text.count("\n")
        burst += frame({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": DOC, "version": i},
            "contentChanges": [{"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}, "text": piece}]}})
        text += piece
    started = time.monotonic()
    server.write(burst)
    last = server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == 1000, timeout=60)
    elapsed = time.monotonic() - started
    assert len(last["params"]["diagnostics"]) == 500
    assert [d["range"]["start"]["line"] for d in last["params"]["diagnostics"]][:3] == [0, 2, 4]
    published = [m for m in server.seen if m.get("method") == "textDocument/publishDiagnostics"]
    assert len(published) < 100, "diagnostics are debounced"
    assert elapsed < 30
    assert "result" in ping(server, 2)


def test_hover_is_plain_text_unless_the_client_renders_markdown(server):
    server.initialize()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": DOC, "languageId": "survql", "version": 1, "text": "describe x"}})
    server.request(2, "textDocument/hover", {"textDocument": {"uri": DOC}, "position": {"line": 0, "character": 2}})
    hover = server.response(2)["result"]
    assert hover["contents"]["kind"] == "plaintext" and hover["contents"]["value"]
