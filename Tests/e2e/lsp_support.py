"""Helpers for the language-server tests: a pytest-lsp client on the real binary, position
arithmetic in UTF-16 and UTF-8, and conversion of pygls' result objects to plain values."""
import asyncio
import pathlib

from lsprotocol import types

from conftest import ROOT, binary


def as_plain(value):
    """pygls returns custom-request results as `Object`s (namedtuples); make dicts and lists."""
    if hasattr(value, "_asdict"):
        return {k: as_plain(v) for k, v in value._asdict().items()}
    if isinstance(value, (list, tuple)):
        return [as_plain(v) for v in value]
    return value


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def position(text: str, offset: int, encoding: str = "utf-16") -> types.Position:
    """The LSP position of a character offset in `text`."""
    before = text[:offset]
    line = before.count("\n")
    col_text = before[before.rfind("\n") + 1:]
    character = utf16_len(col_text) if encoding == "utf-16" else len(col_text.encode("utf-8"))
    return types.Position(line=line, character=character)


def position_of(text: str, needle: str, nth: int = 0, encoding: str = "utf-16", delta: int = 0) -> types.Position:
    """The position of the nth occurrence of `needle` (plus `delta` characters)."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return position(text, at + delta, encoding)


def offset_of(text: str, pos, encoding: str = "utf-16") -> int:
    """The character offset of an LSP position (inverse of `position`)."""
    lines = text.split("\n")
    before = sum(len(l) + 1 for l in lines[:pos.line])
    line = lines[pos.line]
    units = 0
    for i, ch in enumerate(line):
        if units >= pos.character:
            return before + i
        units += utf16_len(ch) if encoding == "utf-16" else len(ch.encode("utf-8"))
    return before + len(line)


def apply_edits(text: str, edits, encoding: str = "utf-16") -> str:
    """Applies LSP text edits (non-overlapping) to `text`."""
    spans = sorted(((offset_of(text, e.range.start, encoding), offset_of(text, e.range.end, encoding), e.new_text) for e in edits), reverse=True)
    for lo, hi, new in spans:
        text = text[:lo] + new + text[hi:]
    return text


def uri(name: str) -> str:
    """A document URI under the project root (the document need not exist on disk)."""
    return (ROOT / name).as_uri()


def open_doc(client, doc_uri: str, text: str, version: int = 1):
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=doc_uri, language_id="survql", version=version, text=text)))


async def wait_for(predicate, timeout: float = 20.0, interval: float = 0.05):
    """Polls `predicate` (sync or async) until it returns a truthy value."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while True:
        value = predicate()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return value
        if loop.time() > end:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(interval)


async def pull_diagnostics(client, doc_uri: str):
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=doc_uri)))
    return list(report.items)


def capabilities(utf8: bool = False, progress: bool = False) -> types.ClientCapabilities:
    encodings = [types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16] if utf8 else [types.PositionEncodingKind.Utf16]
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings),
        window=types.WindowClientCapabilities(work_done_progress=progress),
        workspace=types.WorkspaceClientCapabilities(inlay_hint=types.InlayHintWorkspaceClientCapabilities(refresh_support=False)),
        text_document=types.TextDocumentClientCapabilities(
            completion=types.CompletionClientCapabilities(completion_item=types.ClientCompletionItemOptions(
                documentation_format=[types.MarkupKind.Markdown, types.MarkupKind.PlainText])),
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown, types.MarkupKind.PlainText])),
    )


def _binary_or_default() -> str:
    try:
        return binary()
    except RuntimeError:
        return str(ROOT / ".build" / "debug" / "survql")


SERVER = [_binary_or_default(), "lsp", "--log-level", "warning"]
