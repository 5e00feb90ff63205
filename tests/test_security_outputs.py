"""What termlang prints and renders is safe: one regression test per row of the security
review (docs/security.md; review of 2026-11, findings F5, F9, F10 (render), F11).

Each test fails without its fix and finishes in seconds. The template limits run in a child
process under a 1 GB address-space cap (`RLIMIT_AS`), so a regression fails with a memory
error instead of eating the machine, and the child reports its own peak memory.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES
from termlang.cli import main

HDR = 'agreement "T" {\n  kind mou\n  binding yes\n  effective 2025-01-01\n}\n'
PARTIES = 'party a "A" role investor\nparty b "B" role company\n'
FLAGSHIP = str(EXAMPLES / "openai-microsoft-mou.term")
ESC = "\x1b"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _investment(commitment: str, extra: str = "") -> str:
    return (
        HDR
        + PARTIES
        + f'investment i "I" {{\n  investor a\n  recipient b\n  commitment {commitment}\n'
        + extra
        + "}\n"
    )


def _plain_digits(text: str) -> str:
    """The text with digit-group separators removed (`,` and the narrow no-break space)."""
    return text.replace(",", "").replace("\u202f", "")


# --------------------------------------------------------------------------- F11, row 16


def test_row_16_escape_sequences_never_reach_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = f"{ESC}]0;pwned\x07{ESC}[32mall checks passed"
    bad = _write(tmp_path, "bad.term", HDR + f'party a "A" role company "{payload}"\n')
    assert main(["check", str(bad)]) == 1  # TL204: its message quotes the token
    captured = capsys.readouterr()
    err = captured.out + captured.err
    assert "error[TL204]" in err
    assert ESC not in err and "\x07" not in err
    assert "\u241b]0;pwned\u2407" in err  # shown as control pictures, like the snippet

    old = _write(tmp_path, "old.term", HDR + PARTIES)
    new = _write(tmp_path, "new.term", HDR + PARTIES.replace('"A"', f'"A {payload}"'))
    assert main(["render", str(new)]) == 0
    assert ESC not in capsys.readouterr().out
    for fmt in ("text", "md", "html"):
        main(["diff", str(old), str(new), "--format", fmt])
        out = capsys.readouterr().out
        assert ESC not in out and "\x07" not in out, fmt
        assert "\u241b" in out, fmt


# --------------------------------------------------------------------------- F10, row 15


def test_row_15_control_characters_render_in_word_and_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(tmp_path, "ctl.term", HDR + 'party a "A\x01\x0bB\x1f" role company\n')
    out = tmp_path / "out.docx"
    assert main(["render", str(source), "--format", "docx", "-o", str(out)]) == 0
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as docx:
        document = docx.read("word/document.xml").decode("utf-8")
    assert "A\u2401\u240bB\u241f" in document
    assert main(["render", str(source), "--format", "html"]) == 0
    html = capsys.readouterr().out
    assert "\x01" not in html and "A\u2401\u240bB\u241f" in html


# --------------------------------------------------------------------------- F10, rows 34-42


NUMBERS = {
    "34": (_investment("USD " + "9" * 9000), "9" * 9000),
    "35": (_investment("USD " + "_".join(["999"] * 2400)), "9" * 7200),
    "37": (_investment("USD " + "9" * 38 + "T"), "9" * 38 + "\u00a0trillion"),
    "38": (_investment("USD 9999999999999999999999999999"), "9" * 28),
    "40": (
        HDR
        + PARTIES
        + 'stream s "S"\nrevenue_share rs "R" {\n  payer b\n  payee a\n  stream s\n'
        + "  rate 0."
        + "0" * 5000
        + "1%\n  period quarter\n  window effective .. 2030-01-01\n}\n",
        "0." + "0" * 5000 + "1%",
    ),
    "41": (
        HDR
        + 'party a "A" role investor {\n  capacity '
        + "9" * 5000
        + ' GW\n}\nparty b "B" role company\n'
        + 'investment i "I" {\n  investor a\n  recipient b\n  commitment USD 1B\n}\n',
        None,
    ),
    "42": (_investment("USD 1B", "  return_cap " + "9" * 5000 + "x\n"), "9" * 5000),
}


@pytest.mark.parametrize("row", sorted(NUMBERS), ids=[f"row-{r}" for r in sorted(NUMBERS)])
def test_rows_34_to_42_huge_numbers_render_and_diff_exactly(
    row: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, digits = NUMBERS[row]
    source = _write(tmp_path, "big.term", text)
    assert main(["check", str(source)]) in (0, 1)
    capsys.readouterr()
    for fmt in ("md", "html"):
        assert main(["render", str(source), "--format", fmt]) == 0, fmt
        out = capsys.readouterr().out
        if digits is not None:
            assert digits in _plain_digits(out), fmt  # every digit, none rounded away
    docx = tmp_path / "out.docx"
    assert main(["render", str(source), "--format", "docx", "-o", str(docx)]) == 0
    small = _write(tmp_path, "small.term", HDR + PARTIES)
    for fmt in ("text", "md"):
        assert main(["diff", str(small), str(source), "--format", fmt]) in (0, 1)
        assert "Traceback" not in capsys.readouterr().err


def test_row_38_a_29_digit_amount_is_not_rounded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before the fix, 29 nines rendered as `USD 100,000,000,000,000,000 trillion`."""
    source = _write(tmp_path, "29.term", _investment("USD " + "9" * 29))
    assert main(["render", str(source)]) == 0
    assert "USD\u00a0" + ",".join(["99"] + ["999"] * 9) in capsys.readouterr().out


# --------------------------------------------------------------------------- F5, row 171

PAYLOAD = (
    "T <script>alert(1)</script> <img src=x onerror=alert(1)> <svg onload=alert(1)> "
    "<b onmouseover=alert(1)>b</b> [x](javascript:alert(1)) ![i](http://evil/x.png) "
    "<http://evil/> \\n# Heading\\n---\\n=== `<img src=y onerror=z>` &amp; *em* | cell |"
)


def test_row_171_markdown_redline_is_inert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from markdown_it import MarkdownIt  # a dependency of rich, so always installed

    old = _write(tmp_path, "v1.term", HDR + PARTIES)
    new = _write(
        tmp_path,
        "v2.term",
        HDR.replace('"T"', f'"{PAYLOAD}"') + PARTIES.replace('"A"', f'"{PAYLOAD}"'),
    )
    main(["diff", "--format", "md", str(old), str(new)])
    redline = capsys.readouterr().out
    assert "onerror" in redline  # the text is there, as text

    def walk(tokens: list) -> list:  # type: ignore[type-arg]
        out = []
        for token in tokens:
            out.append(token)
            out.extend(walk(token.children or []))
        return out

    tokens = walk(MarkdownIt("commonmark", {"html": True}).enable("table").parse(redline))
    kinds = {t.type for t in tokens}
    assert not kinds & {"html_inline", "html_block", "link_open", "image", "em_open", "table_open"}
    headings = [t for t in tokens if t.type == "heading_open"]
    assert [t.tag for t in headings] == ["h1", "h2", "h2", "h2", "h2"]  # the template's own


# --------------------------------------------------------------------------- F9, row 150


def test_row_150_template_links_cannot_leave_the_template_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("SECRET-TOKEN-42\n", encoding="utf-8")
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "data.j2").symlink_to(outside / "secret.txt")
    (folder / "root").symlink_to(outside)
    (folder / "inside.j2").write_text("fine\n", encoding="utf-8")
    (folder / "alias.j2").symlink_to(folder / "inside.j2")  # a link that stays inside: allowed
    os.mkfifo(folder / "pipe.j2")
    for include, reason in (
        ("data.j2", "leads outside the template directory"),
        ("root/secret.txt", "leads outside the template directory"),
        ("pipe.j2", "is not a regular file"),
    ):
        (folder / "md.j2").write_text(f'ok\n{{% include "{include}" %}}\n', encoding="utf-8")
        assert main(["render", FLAGSHIP, "--template", str(folder)]) == 1
        captured = capsys.readouterr()
        assert "SECRET-TOKEN-42" not in captured.out + captured.err
        assert f"error[TL708]: template `{include}` {reason}" in captured.err
        assert "md.j2:2:1" in captured.err  # located at the include
    (folder / "md.j2").write_text('{% include "alias.j2" %}', encoding="utf-8")
    assert main(["render", FLAGSHIP, "--template", str(folder)]) == 0
    assert capsys.readouterr().out == "fine\n"
    assert main(["render", FLAGSHIP, "--template", str(folder / "data.j2")]) == 1
    assert "SECRET-TOKEN-42" not in capsys.readouterr().err


# --------------------------------------------------------------------------- F9, rows 155-163

# The child's own peak: Linux's `ru_maxrss` of an exec'd process keeps the high-water mark of
# the image it replaced (the parent at fork time: a pytest process is 400 MB late in the
# suite), so read the current image's `VmHWM` where there is one.
CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from termlang.cli import main
rc = main(sys.argv[1:])
def peak_kb():
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
sys.stderr.write(f"peak-kb {peak_kb()}\\n")
sys.exit(rc)
"""

LIMITS = {
    "155": ("md", "{% set s = 'a'.ljust(3000000000) %}{{ s|length }}", "`ljust`", False),
    "156": ("md", "{{ ('a'.center(2000000000))|length }}", "`center`", False),
    "157": (
        "md",
        "{% set ns = namespace(s='x' * 5000000) %}"
        "{% for i in range(9) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
        "`~`",
        False,
    ),
    "158": ("md", "{{ 'a'|indent(2000000000, true) }}", "`indent` filter", False),
    "159": (
        "md",
        "{% set l = range(100000)|list %}{{ [l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, "
        "l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, "
        "l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, "
        "l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l]"
        "|join('x' * 54)|length }}",
        "`join` filter",
        False,
    ),
    "160": ("md", "{{ '%300000000d' % 1 }}", "`%`", True),
    "161": ("md", "{{ 'ab'|center(300000000) }}", "`center` filter", True),
    "162": ("html", "{{ 'x'.ljust(300000000) }}", "`ljust`", True),
    "163": ("md", "{{ 'ab'|center(2000000000) }}{{ '%2000000000d' % 1 }}", "`center`", False),
}


@pytest.mark.slow
@pytest.mark.parametrize("row", sorted(LIMITS), ids=[f"row-{r}" for r in sorted(LIMITS)])
def test_rows_155_to_163_templates_cannot_build_huge_values(row: str, tmp_path: Path) -> None:
    fmt, body, what, to_file = LIMITS[row]
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / f"{fmt}.j2").write_text(body, encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    argv = ["render", FLAGSHIP, "--format", fmt, "--template", str(folder)]
    if to_file:
        argv += ["-o", str(out)]
    result = subprocess.run(
        [sys.executable, "-c", CHILD, *argv],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert "error[TL704]: template value too large:" in result.stderr
    assert what in result.stderr
    assert f"{fmt}.j2:1:1" in result.stderr  # located in the template
    assert "help: one value may hold at most 10,000,000 characters or items" in result.stderr
    assert "Traceback" not in result.stderr
    peak_kb = int(result.stderr.rsplit("peak-kb ", 1)[1])
    assert peak_kb < 400_000, peak_kb  # it used to take 1.4 to 3.8 GB
    assert not out.exists()
