"""Latency of `termlang lsp` through the protocol: `python benchmarks/lsp.py [--edits N]`.

A pygls client starts `python -m termlang lsp` on stdio, opens the flagship and waits for its
diagnostics (cold start). Then, warm, it measures the time from sending a one-character
`didChange` to receiving the `publishDiagnostics` of that version, for two kinds of edit:

* a character typed in a comment: the file stays valid, so every check runs (the worst case);
* a character typed in a name (`microsoft` -> `microsoftx` and back): an undefined name, so the
  checks are skipped on every other version, as while a word is half typed.

The times include the server's debounce (termlang.lsp.server.DEBOUNCE) and the JSON-RPC round
trip. It also sends bursts of 10 changes without waiting and counts the diagnostics published:
stale versions are dropped, so a burst costs one analysis. Reports median and p95; asserts
nothing (growth and speed goals live here, not in tests).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "examples" / "openai-microsoft-mou.term"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class Bench:
    def __init__(self) -> None:
        self.client = LanguageClient("termlang-bench", "1")
        self.published: dict[int, float] = {}
        self.waiters: dict[int, asyncio.Future[float]] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _published(_: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
            now = time.perf_counter()
            version = params.version if params.version is not None else -1
            self.published[version] = now
            waiter = self.waiters.pop(version, None)
            if waiter is not None and not waiter.done():
                waiter.set_result(now)

    def expect(self, version: int) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiters[version] = future
        return future


async def run(edits: int) -> None:
    bench = Bench()
    client = bench.client
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    start = time.perf_counter()
    await client.start_io(sys.executable, "-m", "termlang", "lsp", env=env)
    await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=ROOT.as_uri())
    )
    client.initialized(types.InitializedParams())
    uri = FLAGSHIP.as_uri()
    text = FLAGSHIP.read_text(encoding="utf-8")
    lines = text.split("\n")
    opened = bench.expect(1)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="term", version=1, text=text)
        )
    )
    cold = await opened - start
    version = 1

    async def change(line: int, col: int, insert: bool) -> float:
        nonlocal version
        version += 1
        end = types.Position(line=line, character=col + (0 if insert else 1))
        waiter = bench.expect(version)
        sent = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(start=types.Position(line=line, character=col), end=end),
                        text="x" if insert else "",
                    )
                ],
            )
        )
        return (await waiter - sent) * 1000

    comment_line = next(i for i, t in enumerate(lines) if t.startswith("# The Microsoft"))
    name_line = next(i for i, t in enumerate(lines) if "grantee    microsoft" in t)
    name_col = lines[name_line].index("microsoft") + len("microsoft")
    results: dict[str, list[float]] = {"comment": [], "name": []}
    for _ in range(3):  # warm-up edits, not counted
        await change(comment_line, 2, True)
        await change(comment_line, 2, False)
    for i in range(edits):
        results["comment"].append(await change(comment_line, 2, i % 2 == 0))
    if edits % 2:
        await change(comment_line, 2, False)
    for i in range(edits):
        results["name"].append(await change(name_line, name_col, i % 2 == 0))
    if edits % 2:
        await change(name_line, name_col, False)

    # Bursts: 10 changes sent at once; count how many versions got diagnostics.
    bursts = 5
    analysed = 0
    for _ in range(bursts):
        first = version + 1
        for j in range(10):
            version += 1
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[
                        types.TextDocumentContentChangePartial(
                            range=types.Range(
                                start=types.Position(line=comment_line, character=2),
                                end=types.Position(
                                    line=comment_line, character=2 + (0 if j % 2 == 0 else 1)
                                ),
                            ),
                            text="x" if j % 2 == 0 else "",
                        )
                    ],
                )
            )
        last = bench.expect(version)
        await last
        analysed += sum(1 for v in bench.published if first <= v <= version)

    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()

    print(f"# termlang lsp latency ({platform.python_version()}, {os.cpu_count()} CPUs)")
    print()
    print(f"cold: process start to the flagship's first diagnostics: {cold * 1000:.0f} ms")
    print()
    print("| warm one-character edit of the flagship | edits | median | p95 | max |")
    print("|---|---:|---:|---:|---:|")
    for kind, label in (
        ("comment", "in a comment (file valid: every check runs)"),
        ("name", "in a name (`microsoft`/`microsoftx`: every other version has an error)"),
    ):
        values = results[kind]
        print(
            f"| {label} | {len(values)} | {statistics.median(values):.1f} ms "
            f"| {_p95(values):.1f} ms | {max(values):.1f} ms |"
        )
    inproc = _in_process(text, uri, edits)
    print(
        f"| the same comment edit, `analyze_document` in this process (no protocol, no "
        f"debounce) | {len(inproc)} | {statistics.median(inproc):.1f} ms | {_p95(inproc):.1f} ms "
        f"| {max(inproc):.1f} ms |"
    )
    print()
    print(
        f"bursts of 10 changes sent at once: {analysed} analyses published for "
        f"{bursts * 10} versions (stale versions dropped)"
    )


def _in_process(text: str, uri: str, edits: int) -> list[float]:
    """The analysis alone, for the share of the latency the protocol and debounce take."""
    sys.path.insert(0, str(ROOT / "src"))
    from termlang.lsp.document import analyze_document

    analyze_document(uri, text)
    out = []
    for i in range(edits):
        edited = text if i % 2 else "# x" + text[1:]
        start = time.perf_counter()
        analyze_document(uri, edited, i)
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=200, help="timed edits of each kind")
    args = parser.parse_args()
    asyncio.run(run(args.edits))


if __name__ == "__main__":
    main()
