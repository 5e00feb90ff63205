"""The HTML summary in a real browser (issue 15): headless Chromium lays it out.

Marked `browser`; skipped, with a message, where no Chromium is installed (`.ci/run` installs
Debian's `chromium`). A probe script is added to a copy of the page (the summary itself has no
script) and writes what it measured into the DOM, which `--dump-dom` prints:

- no horizontal overflow at 1280 px (a laptop) and at A4 print width (the print stylesheet
  applied, 718 px: 210 mm less the 14 mm margins at 96 px per inch);
- the chart's texts do not overlap (event markers that fall close together are stacked);
- tranches funded before the agreement's first year are on the chart;
- `termlang render --format pdf` prints A4 pages through the same Chromium.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from cached import analysis, summary_text
from termlang.render.browser import dump_dom, find

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,  # Chromium renders every example: about a minute in all
    pytest.mark.skipif(
        find() is None,
        reason="no Chromium: install Debian's `chromium` (or set TERMLANG_CHROMIUM) to run "
        "the browser tests",
    ),
]

PROBE = """<script>
window.addEventListener('load', function () {
  var d = document.documentElement, out = {};
  out.scrollWidth = d.scrollWidth; out.clientWidth = d.clientWidth;
  var wide = [];
  document.querySelectorAll('body *').forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > d.clientWidth + 1)
      wide.push(el.tagName + ' ' + Math.round(r.right));
  });
  out.wide = wide.slice(0, 10);
  var boxes = [].slice.call(document.querySelectorAll('svg text')).map(function (t) {
    var b = t.getBoundingClientRect();
    return [b.left, b.top, b.right, b.bottom, t.textContent];
  });
  var overlaps = [];
  for (var i = 0; i < boxes.length; i++) for (var j = i + 1; j < boxes.length; j++) {
    var a = boxes[i], b = boxes[j];
    if (a[0] < b[2] - 0.5 && b[0] < a[2] - 0.5 && a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5)
      overlaps.push([a[4], b[4]]);
  }
  out.overlaps = overlaps;
  out.texts = boxes.map(function (b) { return b[4]; });
  var svg = document.querySelector('svg');
  out.svgRight = svg ? svg.getBoundingClientRect().right : 0;
  var pre = document.createElement('pre'); pre.id = 'termlang-probe';
  pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
});
</script>"""


def _html(path: Path, locale: str, scenario: str | None = None) -> str:
    return summary_text(path, "html", locale, scenario)


def _measure(html: str, width: int, *, print_css: bool = False) -> dict[str, Any]:
    if print_css:
        # the print stylesheet on screen: what a printed A4 page lays out
        html = html.replace("@media print", "@media all")
    page = html.replace("</body>", PROBE + "</body>")
    dom = dump_dom(page, width)
    found = re.search(r'<pre id="termlang-probe">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    import html as html_lib

    result: dict[str, Any] = json.loads(html_lib.unescape(found.group(1)))
    return result


def _cases() -> list[Any]:
    out = []
    for path in sorted(EXAMPLES.glob("*.term")):
        m = analysis(path).model
        if m is not None and m.agreement is not None:
            out.append(pytest.param(path, id=path.stem))
    return out


@pytest.mark.parametrize("locale", ["en", "fr"])
@pytest.mark.parametrize("path", _cases())
def test_no_horizontal_overflow_and_no_overlapping_chart_labels(path: Path, locale: str) -> None:
    html = _html(path, locale)
    for width, print_css in ((1280, False), (718, True)):
        got = _measure(html, width, print_css=print_css)
        assert got["scrollWidth"] <= got["clientWidth"], (width, got["wide"])
        assert got["overlaps"] == [], (width, got["overlaps"][:5])


def test_tranches_before_the_first_year_are_on_the_chart() -> None:
    """The flagship's tranches of 2019, 2021 and 2023 precede its 2025 effective date."""
    html = _html(EXAMPLES / "openai-microsoft-mou.term", "en")
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert ">2019</text>" in svg
    row = svg[svg.index("Microsoft&#x27;s cumulative investment") :] if "&#x27;" in svg else svg
    assert row.count('r="4.5" fill="#444444"') >= 3


def test_close_event_markers_are_stacked() -> None:
    """Events a few days apart get markers on separate levels, not on top of each other."""
    from termlang.render.view import make_prose

    html = _html(EXAMPLES / "seed-note-financing.term", "en")
    assert "<svg" in html
    got = _measure(html, 1280)
    assert got["overlaps"] == []
    assert make_prose  # the chart is built from the same prose as the page


def test_pdf_is_printed_through_chromium(tmp_path: Path) -> None:
    from termlang.cli import main

    out = tmp_path / "summary.pdf"
    assert (
        main(
            [
                "render",
                str(EXAMPLES / "openai-microsoft-mou.term"),
                "--format",
                "pdf",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages >= 2  # the deal overview on its own first page, then the rest
    boxes = re.findall(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert boxes and all(
        abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1 for w, h in boxes
    )  # A4: 210 x 297 mm


def test_the_probe_sees_an_overflow_and_an_overlap() -> None:
    """The measurements can fail: a too-wide table and two texts on one spot are caught."""
    page = (
        "<!DOCTYPE html><html><body><table style='width:2000px'><tr><td>x</td></tr></table>"
        "<svg width='200' height='50'><text x='10' y='20'>one</text>"
        "<text x='12' y='21'>two</text></svg></body></html>"
    )
    got = _measure(page, 1280)
    assert got["scrollWidth"] > got["clientWidth"]
    assert got["overlaps"] == [["one", "two"]]
