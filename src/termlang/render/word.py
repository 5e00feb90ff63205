"""Word output: the same view model as the HTML summary, written with python-docx.

Text: a .term string may hold control characters that XML cannot (`\\x01`); every string of
the view goes through `termlang.textsafe.xml_text` first, which shows them as control pictures
(as the terminal report and the HTML do) instead of letting python-docx raise.

Determinism: python-docx stamps the current time in the core properties and in every zip
entry. Both are fixed here (to the agreement's effective date, and to 1980-01-01 for the
zip entries), so the same input gives byte-identical .docx files.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

from termlang.model import Model
from termlang.textsafe import xml_text

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def write_docx(view: dict[str, Any], template: str, model: Model) -> bytes:
    """The .docx bytes of `view` (`summary` or `term-sheet`)."""
    from docx import Document
    from docx.shared import Pt, RGBColor

    view = _xml_safe(view)
    L = view["labels"]
    agreement = view["agreement"]
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Georgia"
    style.font.size = Pt(10.5)

    doc.add_heading(agreement["title"], level=0)
    meta = doc.add_paragraph()
    run = meta.add_run(
        f"{L['summary'] if template == 'summary' else L['term_sheet']} · {L['generated']} "
        f"{view['meta']['source']} ({view['meta']['generator']})"
    )
    run.italic = True
    run.font.color.rgb = RGBColor(0x5B, 0x65, 0x70)

    facts = [
        (L["kind"], agreement["kind_label"]),
        (L["binding"], agreement["binding_text"]),
        (L["effective"], agreement["effective"]),
    ]
    for key, label in (
        ("long_stop", "long_stop"),
        ("signing", "signing"),
        ("governing_law", "governing_law"),
        ("excludes", "excludes"),
    ):
        if agreement[key]:
            facts.append((L[label], agreement[key]))

    if template == "term-sheet":
        _table(doc, None, facts)
        header = [L["clause"], L["parties"], L["key_figures"], L["dates"], L["conditions"]]
        rows = [
            [
                f"{c['title']}\n{c['kind_label']}, {c['binding_label']}",
                "\n".join(c["parties"]),
                "\n".join(c["figures"]),
                "\n".join(c["dates"]),
                "\n".join(c["conditions"]),
            ]
            for c in view["clauses"]
        ]
        _table(doc, header, rows)
        _open_points(doc, view)
        return _fixed_bytes(doc, model)

    doc.add_heading(L["deal"], level=1)
    _table(doc, None, facts)
    for para in agreement["note"]:
        doc.add_paragraph(para, style="Quote")
    doc.add_heading(L["parties"], level=2)
    _table(doc, None, [(p["legal_name"], p["role"]) for p in view["parties"]])
    if view["entities"]:
        doc.add_paragraph(
            f"{L['outside_entities']}{L['colon']} "
            + "; ".join(e["legal_name"] for e in view["entities"])
        )
    if view["money"]:
        doc.add_heading(L["money"], level=2)
        _table(
            doc,
            [L["investor"], L["amount"]],
            [(m["investor_name"], m["amount"]) for m in view["money"]],
        )

    doc.add_heading(L["clauses"], level=1)
    for index, c in enumerate(view["clauses"], 1):
        doc.add_heading(f"{index}. {c['title']}", level=2)
        tag = doc.add_paragraph()
        tag_run = tag.add_run(f"{c['kind_label']} · {c['binding_label']}")
        tag_run.italic = True
        for sentence in c["sentences"]:
            doc.add_paragraph(sentence)
        for tranche in c["tranches"]:
            doc.add_paragraph(tranche["sentence"], style="List Bullet")
        if c["carve_outs"]:
            heading = doc.add_paragraph()
            heading.add_run(L["carve_outs"]).bold = True
            for carve in c["carve_outs"]:
                p = doc.add_paragraph(carve["sentence"], style="List Bullet")
                for para in carve["note"]:
                    p.add_run(f" {para}").italic = True
        for point in c["open_points"]:
            p = doc.add_paragraph()
            p.add_run(f"{point['severity_label']} {point['code']}{L['colon']} ").bold = True
            p.add_run(point["message"])

    if view["notes"]:
        doc.add_heading(L["notes"], level=1)
        for note in view["notes"]:
            doc.add_paragraph().add_run(note["subject"]).bold = True
            for para in note["text"]:
                doc.add_paragraph(para, style="Quote")
    _open_points(doc, view, always=True)

    scenario = view["scenario"]
    if scenario:
        doc.add_heading(f"{L['timeline']}{L['colon']} {scenario['label']}", level=1)
        for para in scenario["note"]:
            doc.add_paragraph(para)
        doc.add_heading(L["events"], level=2)
        _table(doc, None, [(e["label"], e["date"]) for e in scenario["events"]])
        _table(
            doc,
            [L["date"], L["what"], L["why"]],
            [(t["date"], t["text"], t["reason"]) for t in view["timeline"]],
        )
        if view["payments"]:
            doc.add_heading(f"{L['payments']} ({scenario['horizon']})", level=2)
            _table(
                doc,
                None,
                [(p["clause_title"], p["total"], p["cap_reached"] or "") for p in view["payments"]],
            )
        if view["outcomes"]:
            doc.add_heading(f"{L['outcomes']} ({scenario['horizon']})", level=2)
            _table(doc, None, [(o["clause_title"], o["text"]) for o in view["outcomes"]])
        for cap in view.get("cap_tables", ()):
            doc.add_heading(cap["title"], level=2)
            cap_rows = [(r["holder"], r["units"], r["percent"]) for r in cap["rows"]]
            _table(doc, list(cap["headers"]), cap_rows)
    return _fixed_bytes(doc, model)


def _xml_safe(value: Any) -> Any:
    """`value` (the view model) with every string made XML-safe; the same shape otherwise."""
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, dict):
        return {key: _xml_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(item) for item in value)
    return value


def _open_points(doc: Any, view: dict[str, Any], always: bool = False) -> None:
    L = view["labels"]
    if not view["open_points"] and not always:
        return
    doc.add_heading(L["open_points"], level=1)
    if not view["open_points"]:
        doc.add_paragraph(L["no_open_points"])
    for point in view["open_points"]:
        p = doc.add_paragraph(style="List Bullet")
        p.add_run(f"{point['severity_label']} {point['code']}").bold = True
        where = f" ({point['clause_title']})" if point["clause_title"] else ""
        p.add_run(f"{where}{L['colon']} {point['message']}")
        if point["help"]:
            p.add_run(f" ({L['help']}{L['colon']} {point['help']})").italic = True
    for accepted in view["accepted"]:
        doc.add_paragraph(
            f"{L['accepted']}{L['colon']} {accepted['code']} ({accepted['clause_title']}) — "
            f"{accepted['reason']}",
            style="List Bullet",
        )


def _table(doc: Any, header: list[str] | None, rows: list[Any]) -> None:
    table = doc.add_table(rows=0, cols=len(header) if header else len(rows[0]) if rows else 2)
    table.style = "Table Grid"
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, header):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = str(text)
    doc.add_paragraph()


def _fixed_bytes(doc: Any, model: Model) -> bytes:
    """Save with fixed core properties and zip dates, so the bytes depend only on the input."""
    stamp = datetime(1980, 1, 1)
    if model.agreement is not None:
        effective = model.agreement.effective
        stamp = datetime(effective.year, effective.month, effective.day)
    props = doc.core_properties
    props.author = "termlang"
    props.last_modified_by = "termlang"
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    props.title = xml_text(model.agreement.title) if model.agreement is not None else ""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
