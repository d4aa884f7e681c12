"""The language server through a real LSP client (pytest-lsp 1.0.1): lifecycle and position
encodings, diagnostics and quick fixes, the editor features, inlay hints, and `survql/run`
against batch mode."""
import asyncio
import json
import subprocess
import sys
import time

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, LanguageClient

from conftest import ROOT, binary
from lsp_support import (SERVER, apply_edits, as_plain, capabilities, open_doc, position, position_of,
                         pull_diagnostics, uri, utf16_len, wait_for)

STUDY = "../shared/data/nsclc_pd1_msk_2018"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient):
    result = await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities(), root_uri=ROOT.as_uri()))
    lsp_client.init_result = result
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client8(lsp_client: LanguageClient):
    result = await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities(utf8=True), root_uri=ROOT.as_uri()))
    lsp_client.init_result = result
    yield
    await lsp_client.shutdown_session()


# MARK: lifecycle and encodings

async def test_initialize_utf16_states_capabilities(client):
    caps = client.init_result.capabilities
    assert caps.position_encoding == types.PositionEncodingKind.Utf16
    assert caps.text_document_sync.change == types.TextDocumentSyncKind.Incremental
    legend = caps.semantic_tokens_provider.legend
    assert "keyword" in legend.token_types and "comment" in legend.token_types
    assert caps.completion_provider.resolve_provider is True
    assert set(caps.execute_command_provider.commands) == {"survql.run", "survql.runToCursor"}
    assert client.init_result.server_info.name == "survql"


async def test_initialize_utf8_when_offered(client8):
    assert client8.init_result.capabilities.position_encoding == types.PositionEncodingKind.Utf8


NON_ASCII = "load demo ntrk as rwd\nlet `é😀` = rwd where age > 3; survive nope\n"


async def test_diagnostic_after_non_ascii_utf16(client):
    doc = uri("nonascii16.survql")
    open_doc(client, doc, NON_ASCII)
    await wait_for(lambda: client.diagnostics.get(doc))
    [d] = [d for d in client.diagnostics[doc] if "nope" in d.message]
    start = position_of(NON_ASCII, "nope")
    assert d.range.start == start
    assert d.range.end == types.Position(line=start.line, character=start.character + 4)
    # UTF-16: 😀 counts two units, é one; in bytes they would be 4 and 2.
    assert start.character == utf16_len("let `é😀` = rwd where age > 3; survive ")
    assert d.severity == types.DiagnosticSeverity.Error and d.source == "survql"


async def test_diagnostic_after_non_ascii_utf8(client8):
    doc = uri("nonascii8.survql")
    open_doc(client8, doc, NON_ASCII)
    await wait_for(lambda: client8.diagnostics.get(doc))
    [d] = [d for d in client8.diagnostics[doc] if "nope" in d.message]
    assert d.range.start == position_of(NON_ASCII, "nope", encoding="utf-8")
    assert d.range.start.character == len("let `é😀` = rwd where age > 3; survive ".encode())


async def test_pushed_diagnostics_carry_version_and_clear(client):
    doc = uri("clear.survql")
    open_doc(client, doc, "describe nope\n", version=3)
    await wait_for(lambda: client.diagnostics.get(doc))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=doc, version=4),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text="load demo ntrk as nope\ndescribe nope\n")]))
    await wait_for(lambda: client.diagnostics.get(doc) == [] or client.diagnostics.get(doc) == ())
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=doc)))


async def test_incremental_edits_in_sequence(client):
    doc = uri("incremental.survql")
    text = "load demo ntrk as rwd\nsurvive rwd by sex\n"
    open_doc(client, doc, text)
    assert await pull_diagnostics(client, doc) == []
    edits = [
        # rename the use: rwd -> cohört (unknown, after a non-ASCII character on its line)
        (position_of(text, "rwd by"), position_of(text, "rwd by", delta=3), "cohört"),
    ]
    version = 1
    for start, end, new in edits:
        version += 1
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=doc, version=version),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text=new)]))
    text = "load demo ntrk as rwd\nsurvive cohört by sex\n"
    [d] = await pull_diagnostics(client, doc)
    assert d.range.start == position_of(text, "cohört") and d.range.end == position_of(text, "cohört", delta=6)
    # insert a line with an emoji comment before it, then a second error after the emoji on one line
    steps = [
        (types.Position(line=1, character=0), types.Position(line=1, character=0), "-- 😀 note\n"),
        (types.Position(line=2, character=0), types.Position(line=2, character=0), "describe x😀; "),
    ]
    for start, end, new in steps:
        version += 1
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=doc, version=version),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text=new)]))
    text = "load demo ntrk as rwd\n-- 😀 note\ndescribe x😀; survive cohört by sex\n"
    diags = await pull_diagnostics(client, doc)
    starts = sorted((d.range.start.line, d.range.start.character) for d in diags)
    assert (2, position_of(text, "cohört").character) in starts
    # delete the error, across the emoji: diagnostics follow the text
    version += 1
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=doc, version=version),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=position_of(text, "describe"), end=position_of(text, "survive")), text="")]))
    text = "load demo ntrk as rwd\n-- 😀 note\nsurvive cohört by sex\n"
    [d] = await pull_diagnostics(client, doc)
    assert d.range.start == position_of(text, "cohört")
    # pushed diagnostics catch up with the last version
    await wait_for(lambda: [x.range.start for x in client.diagnostics.get(doc, ())] == [position_of(text, "cohört")])


# MARK: data-aware diagnostics and features on a real study

REAL = f"""load "{STUDY}" as lung
let older = lung where AGEE > 65
survive older by fusion ROS1
"""


async def test_unknown_column_in_real_study_and_quick_fix(client):
    doc = uri("real_study.survql")
    open_doc(client, doc, REAL)

    async def unknown_column():
        return [d for d in await pull_diagnostics(client, doc) if "AGEE" in d.message]

    [d] = await wait_for(unknown_column, timeout=60)
    assert d.range.start == position_of(REAL, "AGEE") and d.range.end == position_of(REAL, "AGEE", delta=4)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=doc), range=d.range,
        context=types.CodeActionContext(diagnostics=[d])))
    fixes = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    assert fixes, actions
    fixed = apply_edits(REAL, fixes[0].edit.changes[doc])
    assert fixed == REAL.replace("AGEE", "AGE")


async def completion_labels(client, doc, pos):
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=doc), position=pos))
    items = result.items if hasattr(result, "items") else result
    return items


async def test_completion_of_a_column_and_a_gene(client):
    text = f'load "{STUDY}" as lung\nlet a = lung where AG\nlet b = lung where fusion RO\n'
    doc = uri("complete.survql")
    open_doc(client, doc, text)

    async def column():
        items = await completion_labels(client, doc, position_of(text, "AG\n", delta=2))
        return [i for i in items if i.label == "AGE"]

    [age] = await wait_for(column, timeout=60)
    assert age.kind == types.CompletionItemKind.Field
    assert age.text_edit.range.start == position_of(text, "AG\n")
    resolved = await client.completion_item_resolve_async(age)
    assert resolved.label == "AGE"
    if resolved.documentation is not None:
        assert resolved.documentation.kind == types.MarkupKind.Markdown

    async def gene():
        items = await completion_labels(client, doc, position_of(text, "RO\n", delta=2))
        return [i for i in items if i.label == "ROS1"]

    await wait_for(gene, timeout=60)


async def test_hover_on_a_verb(client):
    text = "load demo ntrk as rwd\nsurvive rwd by sex\n"
    doc = uri("hover.survql")
    open_doc(client, doc, text)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=doc), position=position_of(text, "survive", delta=2)))
    assert hover is not None and "Kaplan" in hover.contents.value
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert hover.range.start == position_of(text, "survive")


COHORTS = "load demo ntrk as rwd\nlet older = rwd where age >= 65\nmatch older by fusion NTRK1 ratio 2 on age as m\nsurvive older by sex\n"


async def test_definition_references_and_rename(client):
    doc = uri("cohorts.survql")
    open_doc(client, doc, COHORTS)
    use = position_of(COHORTS, "older", nth=2, delta=1)
    loc = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=doc), position=use))
    loc = loc[0] if isinstance(loc, list) else loc
    assert loc.uri == doc and loc.range.start == position_of(COHORTS, "older")
    refs = await client.text_document_references_async(types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(uri=doc), position=use,
        context=types.ReferenceContext(include_declaration=True)))
    assert sorted((r.range.start.line, r.range.start.character) for r in refs) == \
        sorted((p.line, p.character) for p in (position_of(COHORTS, "older", nth=n) for n in range(3)))
    edit = await client.text_document_rename_async(types.RenameParams(
        text_document=types.TextDocumentIdentifier(uri=doc), position=use, new_name="elderly"))
    assert apply_edits(COHORTS, edit.changes[doc]) == COHORTS.replace("older", "elderly")


async def test_document_symbols_with_kinds(client):
    doc = uri("symbols.survql")
    open_doc(client, doc, COHORTS)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=doc)))
    assert [s.name for s in symbols] == ["rwd", "older", "m"]
    assert [s.detail.split(":")[0] for s in symbols] == ["loaded", "defined", "matched"]
    assert symbols[1].selection_range.start == position_of(COHORTS, "older")


async def test_semantic_tokens_decode_to_ranges(client):
    text = "-- a comment é\nload demo ntrk as rwd\nsurvive rwd by sex at 12\n"
    doc = uri("tokens.survql")
    open_doc(client, doc, text)
    legend = client.init_result.capabilities.semantic_tokens_provider.legend.token_types
    tokens = await client.text_document_semantic_tokens_full_async(types.SemanticTokensParams(
        text_document=types.TextDocumentIdentifier(uri=doc)))
    data = tokens.data
    assert len(data) % 5 == 0 and data
    decoded, line, start = [], 0, 0
    for i in range(0, len(data), 5):
        dl, ds, length, kind, _ = data[i:i + 5]
        line += dl
        start = start + ds if dl == 0 else ds
        decoded.append((line, start, length, legend[kind]))
    lines = text.split("\n")
    spans = {lines[l][s:s + n]: k for l, s, n, k in decoded}
    assert spans.get("-- a comment é") == "comment"
    assert spans.get("survive") in ("verb", "keyword")
    assert spans.get("12") == "number"
    assert spans.get("rwd") == "variable"
    ranged = await client.text_document_semantic_tokens_range_async(types.SemanticTokensRangeParams(
        text_document=types.TextDocumentIdentifier(uri=doc),
        range=types.Range(start=types.Position(line=2, character=0), end=types.Position(line=3, character=0))))
    assert 0 < len(ranged.data) < len(data)


async def test_formatting_equals_survql_fmt(client, tmp_path):
    text = "load   demo ntrk as rwd\nLET older=rwd where age>=65\nsurvive older  by sex   at 6,12\n"
    path = tmp_path / "fmt.survql"
    path.write_text(text)
    expected = subprocess.run([binary(), "fmt", str(path)], capture_output=True, text=True, timeout=60)
    assert expected.returncode == 0, expected.stderr
    doc = path.as_uri()
    open_doc(client, doc, text)
    edits = await client.text_document_formatting_async(types.DocumentFormattingParams(
        text_document=types.TextDocumentIdentifier(uri=doc), options=types.FormattingOptions(tab_size=4, insert_spaces=True)))
    assert apply_edits(text, edits) == expected.stdout


async def test_range_formatting_touches_only_the_range(client, tmp_path):
    text = "load   demo ntrk as rwd\nLET older=rwd where age>=65\nsurvive older  by sex   at 6,12\n"
    path = tmp_path / "range.survql"
    path.write_text(text)
    full = subprocess.run([binary(), "fmt", str(path)], capture_output=True, text=True, timeout=60).stdout
    doc = path.as_uri()
    open_doc(client, doc, text)
    edits = await client.text_document_range_formatting_async(types.DocumentRangeFormattingParams(
        text_document=types.TextDocumentIdentifier(uri=doc), options=types.FormattingOptions(tab_size=4, insert_spaces=True),
        range=types.Range(start=types.Position(line=1, character=0), end=types.Position(line=1, character=5))))
    result = apply_edits(text, edits).split("\n")
    assert result[1] == full.split("\n")[1] != text.split("\n")[1]
    assert result[0] == text.split("\n")[0] and result[2] == text.split("\n")[2]


async def test_inlay_hint_shows_cohort_size(client):
    text = "load demo ntrk as rwd\nlet ntrk = rwd where fusion NTRK1|NTRK2|NTRK3\n"
    doc = uri("inlay.survql")
    open_doc(client, doc, text)

    async def hints():
        return await client.text_document_inlay_hint_async(types.InlayHintParams(
            text_document=types.TextDocumentIdentifier(uri=doc),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=2, character=0))))

    found = await wait_for(hints, timeout=60)
    labels = {(h.position.line, h.label) for h in found}
    assert (1, "-- 28 patients") in labels
    assert (0, "-- 25000 patients") in labels
    [h] = [h for h in found if h.position.line == 1]
    assert h.position == position_of(text, "NTRK3", delta=5)


async def test_code_lens_commands_run(client):
    text = "load demo ntrk as rwd\nlet ntrk = rwd where fusion NTRK1|NTRK2|NTRK3\ndescribe ntrk\n"
    doc = uri("lens.survql")
    open_doc(client, doc, text)
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=doc)))
    assert [l.command.title for l in lenses[:2]] == ["▶ Run", "Run to here"]
    to_here = [l for l in lenses if l.command.command == "survql.runToCursor"][1]
    result = as_plain(await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=to_here.command.command, arguments=to_here.command.arguments)))
    assert [r["verb"] for r in result["results"]] == ["load", "let"]
    assert "ntrk" in result["text"]
    run_third = [l for l in lenses if l.command.command == "survql.run"][2]
    result = as_plain(await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=run_third.command.command, arguments=run_third.command.arguments)))
    assert [r["kind"] for r in result["results"]] == ["describe"]
    assert result["results"][0]["patients"] == 28


async def test_signature_help_and_folding(client):
    text = "load demo ntrk as rwd\nsurvive rwd by sex at 6,\n  12\n-- two lines\n-- of comment\n"
    doc = uri("signature.survql")
    open_doc(client, doc, text)
    help = await client.text_document_signature_help_async(types.SignatureHelpParams(
        text_document=types.TextDocumentIdentifier(uri=doc), position=position_of(text, "sex")))
    assert help.signatures[0].label.startswith("survive COHORT")
    label = help.signatures[0].label
    lo, hi = help.signatures[0].parameters[help.active_parameter].label
    assert label[lo:hi].startswith("[by")
    folds = await client.text_document_folding_range_async(types.FoldingRangeParams(text_document=types.TextDocumentIdentifier(uri=doc)))
    assert sorted((f.start_line, f.end_line, f.kind) for f in folds) == [(1, 2, "region"), (3, 4, "comment")]


# MARK: the query service

EXAMPLES = sorted(p.name for p in (ROOT / "examples").glob("*.survql"))


@pytest.mark.parametrize("name", EXAMPLES)
def test_run_equals_batch_json(name):
    # Through a plain JSON-RPC client (the stdlib one in examples/clients): pygls turns JSON
    # objects into namedtuples and renames keys that are Python keywords (a proportional-hazards
    # check's "global"), so it cannot show the answer as it was sent.
    sys.path.insert(0, str(ROOT / "examples" / "clients"))
    from survql_client import SurvQL
    path = ROOT / "examples" / name
    batch = subprocess.run([binary(), "run", "--format", "json", str(path)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    expected = [json.loads(l) for l in batch.stdout.splitlines() if l.strip()]
    with SurvQL(binary=binary(), cwd=str(ROOT)) as server:
        result = server.request("survql/run", {"uri": path.as_uri()})
    assert result["results"] == expected
    assert (result["errors"] > 0) == (batch.returncode == 1)


async def test_run_text_sessions_and_table_format(client):
    first = as_plain(await client.protocol.send_request_async("survql/run", {"text": "load demo ntrk as rwd", "session": "nb"}))
    assert first["results"][0]["verb"] == "load"
    second = as_plain(await client.protocol.send_request_async("survql/run", {"text": "survive rwd by sex at 12", "session": "nb", "format": "text"}))
    assert second["results"][0]["kind"] == "survival"
    assert "Female" in second["text"] and "Male" in second["text"]
    other = as_plain(await client.protocol.send_request_async("survql/run", {"text": "survive rwd", "session": "other"}))
    assert other["errors"] == 1 and other["results"][0]["kind"] == "error"
    [d] = other["diagnostics"]
    assert d["range"]["start"] == {"line": 0, "character": 8}


async def test_plot_returns_svg(client, tmp_path):
    out = tmp_path / "km.svg"
    result = as_plain(await client.protocol.send_request_async("survql/plot", {
        "text": f'load demo ntrk as rwd\nplot survival rwd by sex to "{out}"\n'}))
    assert result["svg"].lstrip().startswith("<svg") or "<svg" in result["svg"][:200]
    assert out.read_text() == result["svg"]


def awaitable(fut):
    """pygls' send_request gives a concurrent.futures.Future."""
    return fut if asyncio.isfuture(fut) else asyncio.wrap_future(fut)


LONG = "load demo ntrk as rwd\n" + "compare rwd by sex adjust age, ecog\n" * 200


async def test_cancel_long_run_then_still_serving(client):
    fut = client.protocol.send_request("survql/run", {"text": LONG, "session": "long"}, msg_id="long-run")
    await asyncio.sleep(1.0)
    started = time.monotonic()
    client.protocol.notify("$/cancelRequest", types.CancelParams(id="long-run"))
    with pytest.raises(JsonRpcException) as e:
        await asyncio.wait_for(awaitable(fut), timeout=10)
    assert e.value.code == -32800
    assert time.monotonic() - started < 5
    # Other requests are served, and the cancelled run's session is free again soon.
    open_doc(client, uri("after.survql"), "describe x\n")
    await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri("after.survql")), position=types.Position(line=0, character=0)))
    again = as_plain(await asyncio.wait_for(client.protocol.send_request_async("survql/run", {"text": "describe rwd", "session": "long"}), timeout=30))
    assert again["results"][0]["kind"] == "describe"


async def test_survql_cancel_request(client):
    fut = client.protocol.send_request("survql/run", {"text": LONG, "session": "long2"}, msg_id=4242)
    await asyncio.sleep(0.5)
    await client.protocol.send_request_async("survql/cancel", {"id": 4242})
    with pytest.raises(JsonRpcException) as e:
        await asyncio.wait_for(awaitable(fut), timeout=10)
    assert e.value.code == -32800


async def test_invalid_params_and_unknown_method(client):
    with pytest.raises(JsonRpcException) as e:
        await client.protocol.send_request_async("survql/run", {"nothing": 1})
    assert e.value.code == -32602
    with pytest.raises(JsonRpcException) as e:
        await client.protocol.send_request_async("survql/nothing", {})
    assert e.value.code == -32601
    client.protocol.notify("survql/unknownNotification", None)
    assert as_plain(await client.protocol.send_request_async("survql/run", {"text": "set seed 1"}))["errors"] == 0


async def test_progress_when_client_advertises_it():
    from pytest_lsp.client import make_test_lsp_client
    lsp = make_test_lsp_client()
    await lsp.start_io(*SERVER)
    try:
        await lsp.initialize_session(types.InitializeParams(capabilities=capabilities(progress=True), root_uri=ROOT.as_uri()))
        await lsp.protocol.send_request_async("survql/run", {"text": "load demo ntrk as rwd\ndescribe rwd"})
        [(token, reports)] = lsp.progress_reports.items()
        assert [type(r).__name__ for r in reports] == ["WorkDoneProgressBegin", "WorkDoneProgressReport", "WorkDoneProgressReport", "WorkDoneProgressEnd"]
        await lsp.shutdown_session()
    finally:
        await lsp.stop()


# MARK: exit codes

def raw_session(messages, timeout=30):
    body = b""
    for m in messages:
        data = json.dumps(m).encode()
        body += b"Content-Length: %d\r\n\r\n" % len(data) + data
    return subprocess.run(SERVER, input=body, capture_output=True, timeout=timeout)


INIT = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}


def test_exit_after_shutdown_is_0():
    assert raw_session([INIT, {"jsonrpc": "2.0", "id": 2, "method": "shutdown"}, {"jsonrpc": "2.0", "method": "exit"}]).returncode == 0


def test_exit_without_shutdown_is_1():
    assert raw_session([INIT, {"jsonrpc": "2.0", "method": "exit"}]).returncode == 1


def test_end_of_input_without_shutdown_is_1():
    assert raw_session([INIT]).returncode == 1
